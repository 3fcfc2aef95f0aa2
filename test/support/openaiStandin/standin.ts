// StandinOpenAI: the life cycle of the OpenAI-compatible stand-in and the handles tests hold (recording,
// faults, replies). TEST TOOL ONLY: it imitates the wire protocol of vLLM, llama.cpp's server and LM Studio
// for tests and benchmarks; it is none of them and must never be presented to users as a server.

import { type Server, createServer } from 'node:http';
import type { Socket } from 'node:net';
import { Recorder } from '../standin/recorder';
import { SlotPool } from '../standin/slots';
import { dispatch } from './dispatch';
import { OpenAIFaultBook } from './faults';
import { OpenAIStandinState } from './state';
import type { Flavour, OpenAIFaultRule, OpenAIStandinModel, OpenAIStandinOptions, RecordedRequest, Reply, ReplyContext } from './types';

export const DEFAULT_OPENAI_MODELS: OpenAIStandinModel[] = [{ id: 'qwen-coder', maxModelLen: 8192 }];

export class StandinOpenAI {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly recorder = new Recorder();
  private readonly faults = new OpenAIFaultBook();
  private readonly state: OpenAIStandinState;
  private boundPort: number;

  private constructor(options: OpenAIStandinOptions) {
    this.boundPort = options.port ?? 0;
    this.state = new OpenAIStandinState(
      {
        flavour: options.flavour ?? 'vllm',
        models: (options.models ?? DEFAULT_OPENAI_MODELS).map((m) => ({ ...m })),
        apiKey: options.apiKey,
        jsonSchema: options.jsonSchema ?? true,
        nCtx: options.nCtx ?? 4096,
        infill: options.infill ?? true,
        firstTokenMs: options.firstTokenMs ?? 0,
        perTokenMs: options.perTokenMs ?? 0,
      },
      new SlotPool(Math.max(1, options.parallel ?? 1)),
      this.recorder,
    );
    this.state.replyFn = options.reply;
    this.server = createServer({ noDelay: true, requestTimeout: 0, headersTimeout: 0, keepAliveTimeout: 5000 }, (req, res) => {
      void dispatch(req, res, this.state, this.faults);
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(options: OpenAIStandinOptions = {}): Promise<StandinOpenAI> {
    const s = new StandinOpenAI(options);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen({ port: s.boundPort, host: '127.0.0.1' }, () => {
        s.server.off('error', reject);
        const address = s.server.address();
        if (address && typeof address === 'object') s.boundPort = address.port;
        resolve();
      });
    });
    return s;
  }

  get flavour(): Flavour {
    return this.state.settings.flavour;
  }

  get port(): number {
    return this.boundPort;
  }

  /** The server's root, without `/v1` (as users often type it both ways, clients must accept either). */
  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  /** Every request since the last resetRecord(), oldest first (the same array for the server's life). */
  get requests(): RecordedRequest[] {
    return this.recorder.requests;
  }

  setReply(fn: ((ctx: ReplyContext) => Reply | string) | undefined): void {
    this.state.replyFn = fn;
  }

  /** Replaces the queue of replies used (one per generation request) before the reply function. */
  scriptReplies(replies: Array<Reply | string>): void {
    this.state.script.length = 0;
    this.state.script.push(...replies);
  }

  setDelays(d: { firstTokenMs?: number; perTokenMs?: number }): void {
    if (d.firstTokenMs !== undefined) this.state.settings.firstTokenMs = d.firstTokenMs;
    if (d.perTokenMs !== undefined) this.state.settings.perTokenMs = d.perTokenMs;
  }

  setModels(models: OpenAIStandinModel[]): void {
    this.state.settings.models = models.map((m) => ({ ...m }));
  }

  /** Switches `response_format: json_schema` support on or off. */
  setJsonSchema(supported: boolean): void {
    this.state.settings.jsonSchema = supported;
  }

  setApiKey(key: string | undefined): void {
    this.state.settings.apiKey = key;
  }

  addFault(rule: OpenAIFaultRule): void {
    this.faults.add(rule);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs = 2000): Promise<RecordedRequest> {
    return this.recorder.waitFor(() => this.recorder.requests.find(pred), timeoutMs, () => `a matching request; ${this.recorder.summary()}`);
  }

  waitForClose(r: RecordedRequest, timeoutMs = 2000): Promise<void> {
    return this.recorder
      .waitFor(() => (r.closedAt !== undefined ? true : undefined), timeoutMs, () => `request #${r.id} ${r.method} ${r.path} to close`)
      .then(() => undefined);
  }

  /** Requests open right now (including those waiting for the slot). */
  inFlight(): number {
    return this.recorder.inFlight();
  }

  resetRecord(): void {
    this.recorder.reset();
  }

  async close(): Promise<void> {
    this.faults.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
