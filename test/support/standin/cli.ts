// Runs the stand-in alone for manual trials:
//   node esbuild.mjs --tests && node out/test/support/standin/cli.js --port 11435 --first-token-ms 300 --per-token-ms 30
// It is a test tool, not Ollama: it says so on start-up. Ctrl-C stops it.

import { StandinOllama } from './standin';
import type { StandinOptions } from './types';

const USAGE = `usage: cli.js [--port N] [--first-token-ms X] [--per-token-ms Y] [--prompt-ms-per-1k Z]
              [--load-ms L] [--parallel P] [--pull-chunk-ms C] [--quiet]`;

function parseArgs(argv: string[]): { options: StandinOptions; quiet: boolean } {
  const options: StandinOptions = {};
  let quiet = false;
  const numbers: Record<string, (n: number) => void> = {
    '--port': (n) => (options.port = n),
    '--first-token-ms': (n) => (options.firstTokenMs = n),
    '--per-token-ms': (n) => (options.perTokenMs = n),
    '--prompt-ms-per-1k': (n) => (options.promptMsPer1kChars = n),
    '--load-ms': (n) => (options.loadMs = n),
    '--parallel': (n) => (options.parallel = n),
    '--pull-chunk-ms': (n) => (options.pullChunkMs = n),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--quiet') {
      quiet = true;
      continue;
    }
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const set = numbers[flag];
    const value = inline ?? argv[++i];
    if (!set || value === undefined || Number.isNaN(Number(value))) {
      console.error(`bad argument: ${arg}\n${USAGE}`);
      process.exit(2);
    }
    set(Number(value));
  }
  return { options, quiet };
}

async function main(): Promise<void> {
  const { options, quiet } = parseArgs(process.argv.slice(2));
  const standin = await StandinOllama.start(options);
  console.log(`Hearth test stand-in for the Ollama API (not Ollama) listening on ${standin.url}`);
  console.log(`models: ${standin.models.map((m) => m.name).join(', ')}`);
  console.log('Ctrl-C to stop.');
  if (!quiet) {
    let logged = 0;
    setInterval(() => {
      for (const r of standin.requests.slice(logged)) {
        if (r.closedAt === undefined) break;
        const ms = (r.closedAt - r.receivedAt).toFixed(0);
        const tokens = r.tokensSent ? ` ${r.tokensSent} tokens` : '';
        console.log(`${r.method} ${r.path} ${r.status ?? '-'} ${ms} ms${tokens}${r.closedEarly ? ' (closed early)' : ''}`);
        logged++;
      }
    }, 200).unref();
  }
  const stop = (): void => {
    void standin.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
