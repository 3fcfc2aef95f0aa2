// What is wrong with the daemon in a given state, as one error: the views, the chat and the connection
// report all say it from here (pure; the chat bundle and the main bundle may each carry it).
import type { DaemonStatus } from '../daemon/status';
import { OllamaError } from '../ollama/errors';

/**
 * Why Ollama cannot be used in this state, as the error features and views show; undefined while it is
 * connected, being checked or starting (nothing is wrong yet).
 */
export function statusProblem(status: DaemonStatus): OllamaError | undefined {
  switch (status.kind) {
    case 'connected':
    case 'checking':
    case 'starting':
      return undefined;
    case 'notOllama':
      // Not the server's error as such: a 404 from a web server must not read as "model not found".
      return new OllamaError('unreachable', `Another program answers at ${status.host}; it is not Ollama.`, { reason: 'other', host: status.host, cause: status.error });
    default:
      return status.error;
  }
}
