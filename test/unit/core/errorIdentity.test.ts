// Each lazily loaded bundle has its own copy of core/ollama/errors: an OllamaError made by one copy (the
// gateway, in the main bundle) must be recognised by another (a lazy feature's catch block) as it is.
import * as assert from 'node:assert/strict';
import * as errors from '../../../src/core/ollama/errors';

type ErrorsModule = typeof errors;

/** A second, independent copy of the module, as a second bundle would have. */
function secondCopy(): ErrorsModule {
  const file = require.resolve('../../../src/core/ollama/errors');
  const cached = require.cache[file];
  delete require.cache[file];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy of the module, on purpose
    return require(file) as ErrorsModule;
  } finally {
    require.cache[file] = cached;
  }
}

describe('OllamaError identity across bundles', () => {
  const other = secondCopy();

  it('the copies are distinct classes', () => {
    assert.notEqual(other.OllamaError, errors.OllamaError);
  });

  it('instanceof, isOllamaError and isAbort hold for an error made by the other copy', () => {
    const made = new other.OllamaError('modelNotFound', 'model "x" not found', { model: 'x' });
    assert.ok(made instanceof errors.OllamaError);
    assert.ok(errors.isOllamaError(made, 'modelNotFound'));
    assert.ok(!errors.isOllamaError(made, 'busy'));
    assert.ok(errors.isAbort(new other.OllamaError('aborted', 'The request was cancelled.')));
  });

  it('toOllamaError keeps the error as it is (kind and details are not lost to a generic wrapper)', () => {
    const made = new other.OllamaError('capabilityMissing', 'does not support insert', { capability: 'insert' });
    assert.equal(errors.toOllamaError(made, {}), made);
  });

  it('other values are not OllamaErrors', () => {
    for (const value of [new Error('x'), { kind: 'busy', name: 'OllamaError', message: 'x' }, null, undefined, 'OllamaError', 3]) {
      assert.ok(!(value instanceof errors.OllamaError), String(value));
      assert.ok(!errors.isOllamaError(value));
    }
  });
});
