// What the engine reports, for the status bar, the log, tests and the benchmark.

import type { GenerateParams } from '../ollama/types';
import type { CompletionMode, PromptFormat } from '../prompts/completionPrompt';
import type { AbortReason } from './flight';
import type { PausePoint } from './pausePoint';

export type ServedFrom = 'model' | 'stream' | 'cache' | 'typedAhead';

export type EngineEvent =
  /** The editor asked for a suggestion. */
  /** `sinceKeyMs`: how long after the key the editor asked, when it said when the key was (the wait counts from the key). */
  | { type: 'call'; at: number; documentId: string; offset: number; sinceKeyMs?: number }
  /** A suggestion was returned (`chars` may be 0: a known "nothing here"). `ms` is from the call to the answer. */
  | { type: 'served'; source: ServedFrom; chars: number; ms: number }
  /** The call ended without a suggestion: cancelled while debouncing, superseded, late, failed. */
  | { type: 'nothing'; reason: 'debounce' | 'superseded' | 'late' | 'empty' | 'error' }
  /** A request was sent. `overheadMs` is Hearth's own time from the call to sending, waits excluded. */
  | { type: 'request'; id: number; params: GenerateParams; evaluated: string; format: PromptFormat; mode: CompletionMode; overheadMs: number; debounceMs: number; point: PausePoint }
  | { type: 'abort'; id: number; reason: AbortReason }
  /** A request ended: `early` when Hearth stopped reading because the suggestion was complete. */
  | { type: 'response'; id: number; ok: boolean; receivedChars: number; shownChars: number; ms: number; early: boolean }
  /**
   * A suggestion served from its first line has its whole block now: the editor should ask again (it
   * gets the block from memory), so the user sees all of it without accepting the first line.
   */
  | { type: 'extended'; documentId: string; offset: number };

export interface EngineStats {
  calls: number;
  requests: number;
  /** Requests aborted before their end (superseded, edited away, cancelled, orphaned). */
  aborted: number;
  /** Requests Hearth closed itself because the suggestion was complete. */
  earlyStops: number;
  cacheHits: number;
  typedAheadHits: number;
  /** Calls answered from a request that was already running for the text they typed. */
  streamHits: number;
  /** Calls that ended during the debounce, so no request was sent for them. */
  debounced: number;
  /** Results that arrived after the caller had moved on (never shown). */
  lateDropped: number;
  errors: number;
  charsReceived: number;
  charsShown: number;
  maxInFlight: number;
}

export function emptyStats(): EngineStats {
  return {
    calls: 0,
    requests: 0,
    aborted: 0,
    earlyStops: 0,
    cacheHits: 0,
    typedAheadHits: 0,
    streamHits: 0,
    debounced: 0,
    lateDropped: 0,
    errors: 0,
    charsReceived: 0,
    charsShown: 0,
    maxInFlight: 0,
  };
}
