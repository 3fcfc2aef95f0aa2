// A protocol-faithful stand-in for OpenAI-compatible servers (vLLM, llama.cpp's server, LM Studio), for tests and
// benchmarks only; the Ollama stand-in lives in ../standin. Node built-ins only.
//
//   const server = await StandinOpenAI.start({ flavour: 'vllm', apiKey: 'sk-test' });
//   server.scriptReplies(['Hello']);
//   server.addFault({ fault: { kind: 'drop', afterChunks: 2 }, path: '/v1/chat/completions', times: 1 });
//   … point the code under test at server.url …
//   const req = await server.waitForRequest((r) => r.path === '/v1/chat/completions');
//   await server.waitForClose(req);  // then assert on req.headers, req.closedEarly, req.tokensSent…
//   await server.close();

export { DEFAULT_OPENAI_MODELS, StandinOpenAI } from './standin';
export { DEFAULT_TEXT } from './state';
export { exampleOf } from './schema';
export type { Flavour, OpenAIFault, OpenAIFaultRule, OpenAIStandinModel, OpenAIStandinOptions, RecordedRequest, Reply, ReplyContext } from './types';
