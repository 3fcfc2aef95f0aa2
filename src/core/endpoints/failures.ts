// Two failures whose next step is the user's, whichever protocol met them: the server wants credentials
// (401/403 → set a token), or its certificate is not trusted (→ set the CA file). The Ollama path and the
// OpenAI-compatible path carry them in different shapes (a ResponseError's status, a foreign reply's status,
// a badRequest with `status`; a fetch failure's nested code, or the code as `serverMessage`): read both here.
import { errorCode, type OllamaError } from '../ollama/errors';

const CERTIFICATE_CODES = /^(CERT_|UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|ERR_TLS_CERT|ERR_SSL_|HOSTNAME_MISMATCH)/;

/** 401 or 403 when the server refused Hearth for want of (valid) credentials. */
export function authFailureStatus(err: OllamaError): 401 | 403 | undefined {
  const status = err.details.status;
  if (status !== 401 && status !== 403) return undefined;
  return err.kind === 'badRequest' || err.kind === 'server' || (err.kind === 'protocol' && err.details.reason === 'foreign') ? status : undefined;
}

/** The TLS error code when the server's certificate was refused (self-signed, unknown CA, wrong name, expired). */
export function certificateFailureCode(err: OllamaError): string | undefined {
  if (err.kind !== 'unreachable') return undefined;
  for (const code of [err.details.serverMessage, errorCode(err.details.cause)]) {
    if (code && CERTIFICATE_CODES.test(code)) return code;
  }
  return undefined;
}
