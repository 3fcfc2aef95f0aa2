// The assertion every client test makes about a failure: it is an OllamaError of this kind (with whatever
// else `check` wants to see). Returns the error for further checks.
import * as assert from 'node:assert/strict';
import { OllamaError, type OllamaErrorKind } from '../../src/core/ollama/errors';

export async function expectKind(work: Promise<unknown>, kind: OllamaErrorKind, check?: (err: OllamaError) => void): Promise<OllamaError> {
  let caught: unknown;
  try {
    await work;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof OllamaError, `expected an OllamaError, got ${String(caught)}`);
  assert.equal(caught.kind, kind, `${caught.kind}: ${caught.message}`);
  check?.(caught);
  return caught;
}
