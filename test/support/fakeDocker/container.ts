// The process that plays Hearth's Ollama container for the fake docker/podman: the Ollama stand-in on the
// published loopback port, logging like `ollama serve` does in the real image (server config, Listening
// on, then the GPU discovery: "inference compute" with the GPU library when a GPU was passed in, "no
// compatible GPUs were discovered" when none was). TEST TOOL ONLY, never presented as Ollama.
//   node container.js <fake dir> <container id>
import * as fs from 'node:fs';
import { StandinOllama } from '../standin';
import { readState, stateFile } from './state';

const VERSION = '0.32.15';

function log(level: 'INFO' | 'WARN' | 'ERROR', source: string, msg: string, extra = ''): void {
  process.stderr.write(`time=${new Date().toISOString()} level=${level} source=${source} msg="${msg}"${extra ? ` ${extra}` : ''}\n`);
}

async function main(): Promise<void> {
  const [dir = '', id = ''] = process.argv.slice(2);
  const state = readState(dir);
  const container = state.containers.find((c) => c.id === id);
  if (!container) {
    process.stderr.write(`fake container: ${id} is not in ${dir}\n`);
    process.exit(1);
  }
  const port = container.ports.find((p) => p.containerPort === 11434);
  const env = container.env;
  log('INFO', 'routes.go:1331', 'server config', `env="map[OLLAMA_HOST:http://0.0.0.0:11434 OLLAMA_KEEP_ALIVE:${env.OLLAMA_KEEP_ALIVE ?? '5m0s'} OLLAMA_MODELS:/root/.ollama/models]"`);
  log('WARN', 'fake', 'test fixture: this is the Hearth Ollama stand-in in a fake container, not Ollama');
  if (env.HEARTH_FIXTURE_EXIT) {
    process.stderr.write(`Error: ${env.HEARTH_FIXTURE_EXIT}\n`);
    process.exit(1);
  }
  if (!port) {
    log('INFO', 'routes.go:1382', `Listening on [::]:11434 (version ${VERSION})`);
  }
  let standin: StandinOllama | undefined;
  if (port) {
    try {
      standin = await StandinOllama.start({ port: port.hostPort, version: VERSION });
    } catch (err) {
      process.stderr.write(`Error: listen tcp 0.0.0.0:11434: ${String((err as Error).message)}\n`);
      process.exit(1);
    }
    log('INFO', 'routes.go:1382', `Listening on [::]:11434 (version ${VERSION})`);
  }
  log('INFO', 'gpu.go:217', 'looking for compatible GPUs');
  const nvidia = container.gpu.some((g) => /--gpus|nvidia\.com\/gpu/.test(g));
  const amd = container.gpu.some((g) => /\/dev\/kfd/.test(g));
  if ((nvidia || amd) && !state.noGpuInside) {
    const library = nvidia ? 'cuda' : 'rocm';
    log('INFO', 'types.go:130', 'inference compute', `id=GPU-0 library=${library} variant=v12 compute=8.9 driver=12.4 name="Fake GPU" total="24.0 GiB" available="23.5 GiB"`);
  } else {
    log('INFO', 'gpu.go:377', 'no compatible GPUs were discovered');
    log('INFO', 'types.go:130', 'inference compute', 'id=0 library=cpu variant="" compute="" driver=0.0 name="" total="31.0 GiB" available="28.2 GiB"');
  }
  const stop = (): void => {
    log('INFO', 'fake', 'shutting down');
    // Idle keep-alive connections must not hold the stop up (Ollama exits at once on SIGTERM too).
    setTimeout(() => process.exit(0), 300).unref();
    void (standin ? standin.close() : Promise.resolve()).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // A test that forgot to clean up must not leave a server behind: the fake's directory going away ends it.
  setInterval(() => {
    if (!fs.existsSync(stateFile(dir))) process.exit(0);
  }, 500);
}

void main();
