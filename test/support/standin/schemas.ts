// The request structs of api/types.go, as far as decoding errors are concerned.

import type { FieldSpec, Schema } from './decode';

const str: FieldSpec = { kind: 'string', go: 'string' };
const bool: FieldSpec = { kind: 'bool', go: 'bool' };
const int: FieldSpec = { kind: 'int', go: 'int' };
const any: FieldSpec = { kind: 'any', go: 'json.RawMessage' };
const options: FieldSpec = { kind: 'object', go: 'map[string]interface {}' };
const keepAlive: FieldSpec = { kind: 'duration', go: 'api.Duration' };
const think: FieldSpec = { kind: 'think', go: 'api.ThinkValue' };
const images: FieldSpec = { kind: 'images', go: '[]api.ImageData' };

const MESSAGE: Schema = {
  struct: 'Message',
  qualified: 'api.Message',
  fields: {
    role: str,
    content: str,
    thinking: str,
    images,
    tool_calls: { kind: 'array', go: '[]api.ToolCall' },
    tool_name: str,
    tool_call_id: str,
  },
};

const messages: FieldSpec = { kind: 'array', go: '[]api.Message', items: MESSAGE, itemsGo: 'api.Message' };

export const GENERATE: Schema = {
  struct: 'GenerateRequest',
  qualified: 'api.GenerateRequest',
  fields: {
    model: str,
    prompt: str,
    suffix: str,
    system: str,
    template: str,
    context: { kind: 'array', go: '[]int' },
    stream: bool,
    raw: bool,
    format: any,
    keep_alive: keepAlive,
    images,
    options,
    think,
    truncate: bool,
    shift: bool,
    logprobs: bool,
    top_logprobs: int,
    _debug_render_only: bool,
  },
};

export const CHAT: Schema = {
  struct: 'ChatRequest',
  qualified: 'api.ChatRequest',
  fields: {
    model: str,
    messages,
    stream: bool,
    format: any,
    keep_alive: keepAlive,
    tools: { kind: 'array', go: 'api.Tools' },
    options,
    think,
    truncate: bool,
    shift: bool,
    logprobs: bool,
    top_logprobs: int,
  },
};

export const EMBED: Schema = {
  struct: 'EmbedRequest',
  qualified: 'api.EmbedRequest',
  fields: { model: str, input: { kind: 'any', go: 'interface {}' }, truncate: bool, dimensions: int, keep_alive: keepAlive, options },
};

export const EMBEDDINGS: Schema = {
  struct: 'EmbeddingRequest',
  qualified: 'api.EmbeddingRequest',
  fields: { model: str, prompt: str, keep_alive: keepAlive, options },
};

export const PULL: Schema = {
  struct: 'PullRequest',
  qualified: 'api.PullRequest',
  fields: { model: str, name: str, insecure: bool, username: str, password: str, stream: bool },
};

export const PUSH: Schema = { ...PULL, struct: 'PushRequest', qualified: 'api.PushRequest' };

export const DELETE: Schema = {
  struct: 'DeleteRequest',
  qualified: 'api.DeleteRequest',
  fields: { model: str, name: str },
};

export const SHOW: Schema = {
  struct: 'ShowRequest',
  qualified: 'api.ShowRequest',
  fields: { model: str, name: str, system: str, template: str, verbose: bool, options },
};

export const COPY: Schema = {
  struct: 'CopyRequest',
  qualified: 'api.CopyRequest',
  fields: { source: str, destination: str },
};

export const CREATE: Schema = {
  struct: 'CreateRequest',
  qualified: 'api.CreateRequest',
  fields: {
    model: str,
    name: str,
    stream: bool,
    quantize: str,
    from: str,
    files: { kind: 'object', go: 'map[string]string' },
    adapters: { kind: 'object', go: 'map[string]string' },
    template: str,
    license: { kind: 'stringOrStrings', go: 'interface {}' },
    system: str,
    parameters: { kind: 'object', go: 'map[string]interface {}' },
    messages,
  },
};
