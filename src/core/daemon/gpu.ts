// GPU visibility: how much of each loaded model sits in GPU memory, and what to suggest when a model
// spilled partly onto the CPU (the usual reason local generation suddenly feels slow).
import { sameModel } from '../ollama/names';
import type { RunningModel } from '../ollama/types';

/** size_vram / size below this counts as "partly on the CPU" (1 means all of it is in GPU memory). */
const FULL_GPU = 0.995;

/** Models with some layers in GPU memory and some on the CPU. A model with none is a CPU-only machine's normal case. */
export function partlyOnCpu(models: readonly RunningModel[]): RunningModel[] {
  return models.filter((m) => m.sizeBytes > 0 && m.vramBytes > 0 && m.gpuShare < FULL_GPU);
}

export type CpuAdvice = 'smallerQuantization' | 'shorterContext' | 'fewerModels';

/** What is likely to bring a spilled model back onto the GPU, most effective first. */
export function adviceFor(model: RunningModel, loaded: readonly RunningModel[]): CpuAdvice[] {
  const advice: CpuAdvice[] = [];
  if (loaded.filter((m) => !sameModel(m.name, model.name)).length > 0) advice.push('fewerModels');
  if ((model.contextLength ?? 0) > 4096) advice.push('shorterContext');
  advice.push('smallerQuantization');
  if (!advice.includes('shorterContext')) advice.push('shorterContext');
  return advice;
}

/** GPU share of the model in use (the most recently used one, first in /api/ps), for the status bar. */
export function modelInUse(models: readonly RunningModel[]): RunningModel | undefined {
  return models[0];
}
