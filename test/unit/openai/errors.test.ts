// Mapping what OpenAI-compatible servers answer onto the gateway's OllamaError kinds.
import * as assert from 'node:assert/strict';
import { errorFromEvent, errorFromResponse, errorFromTransport, isAuthFailure, isCertificateFailure } from '../../../src/core/openai';
import { OllamaError } from '../../../src/core/ollama/errors';

const ctx = { host: 'http://gpu:8000', model: 'qwen' };

describe('openai: error mapping', () => {
  it('reads every known body shape', () => {
    const cases: Array<[string, string | undefined]> = [
      ['{"error":{"message":"bad thing","type":"BadRequestError","param":null,"code":400}}', 'bad thing'],
      ['{"object":"error","message":"old vllm","type":"BadRequestError","param":null,"code":400}', 'old vllm'],
      ['{"error":"Unauthorized"}', 'Unauthorized'],
      ['{"detail":"Not Found"}', 'Not Found'],
      ['<html><body>502</body></html>', undefined],
      ['plain text', undefined],
    ];
    for (const [body, message] of cases) assert.equal(errorFromResponse(400, body, ctx).details.serverMessage, message, body);
  });

  it('401 and 403: badRequest with the status kept, told apart by isAuthFailure', () => {
    for (const status of [401, 403]) {
      const e = errorFromResponse(status, '{"error":"Unauthorized"}', ctx);
      assert.equal(e.kind, 'badRequest');
      assert.equal(e.details.status, status);
      assert.ok(isAuthFailure(e));
    }
    assert.ok(!isAuthFailure(errorFromResponse(400, '{}', ctx)));
  });

  it('context overflow in the words of vLLM, llama.cpp, LM Studio and LiteLLM', () => {
    const bodies = [
      '{"error":{"message":"This model\'s maximum context length is 64 tokens. However, you requested 90 tokens","type":"BadRequestError","code":400}}',
      '{"error":{"message":"You passed 90 input tokens and requested 10 output tokens. However, the model\'s context length is only 64 tokens","code":400}}',
      '{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_ctx":128}}',
      '{"error":{"message":"The number of tokens to keep from the initial prompt is greater than the context length."}}',
      '{"error":{"message":"litellm.ContextWindowExceededError: too long"}}',
    ];
    for (const body of bodies) assert.equal(errorFromResponse(400, body, ctx).kind, 'contextOverflow', body);
  });

  it('404: model missing when it is about the model, else a wrong address; 501 or a capability route: capabilityMissing', () => {
    assert.equal(errorFromResponse(404, '{"error":{"message":"The model `x` does not exist.","param":"model","code":404}}', ctx).kind, 'modelNotFound');
    assert.equal(errorFromResponse(404, '{"error":{"message":"nope","code":"model_not_found"}}', ctx).kind, 'modelNotFound');
    assert.equal(errorFromResponse(404, '{"detail":"Not Found"}', ctx).kind, 'badRequest');
    const infill = errorFromResponse(404, '{"detail":"Not Found"}', { ...ctx, capability: 'insert' });
    assert.equal(infill.kind, 'capabilityMissing');
    assert.equal(infill.details.capability, 'insert');
    assert.equal(errorFromResponse(501, '{"error":{"message":"Infill is not supported by this model"}}', { ...ctx, capability: 'insert' }).details.capability, 'insert');
  });

  it('suffix refused (vLLM 400, llama.cpp 500) and json_schema refused: capabilityMissing', () => {
    const vllm = errorFromResponse(400, '{"error":{"message":"suffix is not currently supported"}}', ctx);
    assert.equal(vllm.kind, 'capabilityMissing');
    assert.equal(vllm.details.capability, 'insert');
    assert.equal(errorFromResponse(500, '{"error":{"code":500,"message":"Unsupported param: suffix","type":"server_error"}}', ctx).details.capability, 'insert');
    const schema = errorFromResponse(400, '{"error":{"message":"response_format type must be one of \\"text\\" or \\"json_object\\", but got: json_schema"}}', ctx);
    assert.equal(schema.kind, 'capabilityMissing');
    assert.equal(schema.details.capability, 'json_schema');
  });

  it('503 busy (llama.cpp loading too), 500 server; an HTML page never becomes the message', () => {
    assert.equal(errorFromResponse(503, '{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}', ctx).kind, 'busy');
    const html = errorFromResponse(500, '<html><h1>500 Internal Server Error</h1></html>', ctx);
    assert.equal(html.kind, 'server');
    assert.equal(html.details.serverMessage, undefined);
    assert.ok(!html.message.includes('<'), html.message);
  });

  it('an error event mid-stream: server with reason midStream, or its own kind by message', () => {
    const e = errorFromEvent({ error: { message: 'engine dead', type: 'InternalServerError', code: 500 } }, ctx);
    assert.equal(e.kind, 'server');
    assert.equal(e.details.reason, 'midStream');
    assert.equal(errorFromEvent({ error: { code: 400, message: 'the request exceeds the available context size', type: 'exceed_context_size_error' } }, ctx).kind, 'contextOverflow');
  });

  it('transport: refused, DNS, certificates, drops mid-stream, aborts', () => {
    const sys = (code: string): Error => Object.assign(new TypeError('fetch failed'), { cause: { code } });
    assert.equal(errorFromTransport(sys('ECONNREFUSED'), ctx).details.reason, 'refused');
    assert.equal(errorFromTransport(sys('ENOTFOUND'), ctx).details.reason, 'dns');
    const cert = errorFromTransport(sys('SELF_SIGNED_CERT_IN_CHAIN'), ctx);
    assert.equal(cert.kind, 'unreachable');
    assert.ok(isCertificateFailure(cert));
    assert.ok(!isCertificateFailure(errorFromTransport(sys('ECONNREFUSED'), ctx)));
    assert.equal(errorFromTransport(sys('UND_ERR_SOCKET'), { ...ctx, midStream: true }).kind, 'protocol');
    assert.equal(errorFromTransport(Object.assign(new Error('x'), { name: 'AbortError' }), ctx).kind, 'aborted');
    assert.equal(errorFromTransport(sys('ECONNRESET'), { ...ctx, aborted: true }).kind, 'aborted');
    const mine = new OllamaError('busy', 'x');
    assert.equal(errorFromTransport(mine, ctx), mine);
  });
});
