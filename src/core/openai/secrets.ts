// The endpoint's secrets kept out of what the adapter says: the connection's fetch carries the token, so no code
// here holds it, but a proxy may echo it back in an error body that becomes a message, a serverMessage or a log
// line. The values come from EndpointConnection.secrets(), read before each request.
import { blot } from '../endpoints/blot';
import { OllamaError } from '../ollama/errors';
import type { Logger } from '../util/log';

/** The error with every secret value replaced by *** (and its cause dropped: it may hold the raw reply). */
export function blotError(error: OllamaError, secrets: readonly string[]): OllamaError {
  if (secrets.length === 0) return error;
  const d = error.details;
  const fields = [error.message, d.serverMessage, d.body, d.host];
  if (!fields.some((f) => f !== undefined && secrets.some((s) => s.length >= 4 && f.includes(s)))) return error;
  return new OllamaError(error.kind, blot(error.message, secrets), {
    ...d,
    ...(d.serverMessage !== undefined ? { serverMessage: blot(d.serverMessage, secrets) } : {}),
    ...(d.body !== undefined ? { body: blot(d.body, secrets) } : {}),
    ...(d.host !== undefined ? { host: blot(d.host, secrets) } : {}),
    cause: undefined,
  });
}

/** A logger that never writes the endpoint's secrets (the client logs server messages at debug level). */
export function blottingLogger(log: Logger, secrets: () => readonly string[]): Logger {
  return {
    trace: (m) => log.trace(blot(m, secrets())),
    debug: (m) => log.debug(blot(m, secrets())),
    info: (m) => log.info(blot(m, secrets())),
    warn: (m) => log.warn(blot(m, secrets())),
    error: (m) => log.error(typeof m === 'string' ? blot(m, secrets()) : new Error(blot(m.message, secrets()))),
  };
}
