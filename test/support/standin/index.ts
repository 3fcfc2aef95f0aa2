// A protocol-faithful stand-in for the Ollama HTTP server, for tests and benchmarks only.
// It must never be presented as a real Ollama daemon. Node built-ins only, so that it also runs inside the
// VS Code extension host during integration tests.
//
//   const ollama = await StandinOllama.start({ perTokenMs: 5 });
//   ollama.scriptReplies(['def add(a, b):\n    return a + b']);
//   await ollama.addFault({ fault: { kind: 'status', status: 503 }, path: '/api/generate', times: 1 });
//   … point the code under test at ollama.url …
//   const req = await ollama.waitForRequest((r) => r.path === '/api/generate');
//   await ollama.waitForClose(req);  // then assert on req.closedEarly, req.headersSentAt, req.tokensSent…
//   await ollama.close();

export { StandinOllama } from './standin';
export type { LoadEvent } from './loaded';
export { DEFAULT_MODELS, DEFAULT_REGISTRY } from './models';
export { tokenize } from './tokens';
export { codeContinuation, defaultReply, splitFimPrompt } from './replies';
export type {
  Capability,
  ChatMessage,
  Delays,
  Fault,
  FaultRule,
  FirstTokenMs,
  RecordedRequest,
  Reply,
  ReplyContext,
  StandinModel,
  StandinOptions,
  ToolCallReply,
} from './types';
