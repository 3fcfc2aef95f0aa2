// The OpenAI-compatible adapter bundle, loaded when a feature first uses an `openai-compatible` endpoint
// (core/endpoints/router.ts builds it then): with zero configuration it is never loaded.
export { OpenAICompatibleGateway } from '../core/openai/adapter';
