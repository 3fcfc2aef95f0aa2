// Command-only features ship as separate bundles (dist/lazy/<name>.js, built by esbuild.mjs) that load at
// their first use, so activation reads and compiles only what it needs. Each bundle has its own copy of the
// small shared modules it uses: state lives in the objects passed in (services, registries), never in a
// module, and classes checked with instanceof across bundles carry a brand (see OllamaError).
import * as path from 'node:path';

/**
 * A function returning the bundle `name`, loaded on the first call and cached (Node caches it too).
 * `T` is the type of the bundle's entry module (`import type * as X from '../lazy/x'`), so calls stay typed.
 */
export function lazyBundle<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    // A computed path: esbuild leaves the require alone instead of inlining the bundle into this one.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy bundles are CommonJS, loaded on demand
    loaded ??= require(path.join(__dirname, 'lazy', `${name}.js`)) as T;
    return loaded;
  };
}
