// After Hearth started its Ollama container: says once when it runs on the CPU, either because no GPU was
// found on this computer to pass in, or because Ollama inside found none (its log says "no compatible
// GPUs were discovered", or its "inference compute" lines name only the CPU). The second is worded
// like the "partly on the CPU" warning: it is the same slowness, with its likely fix.
import * as vscode from 'vscode';
// From the files themselves, not the daemon's index: this loads in the container bundle (src/lazy/container.ts).
import { containerGpuFinding, type ContainerGpuFinding } from '../../core/daemon/container';
import type { ContainerStarted } from '../../core/daemon/containerStart';
import { DAEMON_SETTINGS } from '../../core/daemon/settings';
import { Commands } from '../../platform/commands';
import type { ContainerPromptsHolder } from './containerPrompts';
import type { DaemonService } from './service';

/** Ollama logs its GPU discovery a moment after it listens: look at the log this many times, a second apart. */
const LOG_LOOKS = 10;
const LOOK_EVERY_MS = 1_000;

export interface ContainerGpuNote {
  kind: 'cpuByChoice' | 'noGpuInside';
  message: string;
}

export class ContainerGpuCheck {
  /** What was said this session (tests read it). */
  readonly notes: ContainerGpuNote[] = [];
  private said = new Set<ContainerGpuNote['kind']>();

  constructor(
    private readonly service: DaemonService,
    private readonly prompts: ContainerPromptsHolder,
  ) {}

  async afterStart(container: ContainerStarted): Promise<ContainerGpuFinding | 'notPassed'> {
    if (container.gpu === 'none') {
      this.say('cpuByChoice', 'info', vscode.l10n.t('Ollama runs in its container on the CPU: Hearth found no NVIDIA or AMD GPU on this computer to pass in (hearth.ollama.containerGpu).'));
      return 'notPassed';
    }
    let finding: ContainerGpuFinding = 'unknown';
    for (let look = 0; look < LOG_LOOKS && finding === 'unknown'; look++) {
      if (look) await new Promise((resolve) => setTimeout(resolve, LOOK_EVERY_MS));
      const logs = await this.service.supervisor.container?.logs(this.service.settings, 300);
      finding = containerGpuFinding(logs?.lines ?? []);
    }
    if (finding === 'cpuOnly') {
      const vendor = container.gpu === 'nvidia' ? 'NVIDIA' : 'AMD';
      const fix =
        container.gpu === 'nvidia'
          ? vscode.l10n.t('check the NVIDIA Container Toolkit (docker run --gpus all ubuntu nvidia-smi should list the GPU)')
          : vscode.l10n.t('check that your user may use /dev/kfd and /dev/dri, and HSA_OVERRIDE_GFX_VERSION for an unsupported GPU');
      this.say('noGpuInside', 'warning', vscode.l10n.t('Ollama in its container found no {0} GPU and runs on the CPU, which is much slower. Likely fix: {1}.', vendor, fix));
    }
    return finding;
  }

  private say(kind: ContainerGpuNote['kind'], severity: 'info' | 'warning', message: string): void {
    if (this.said.has(kind)) return;
    this.said.add(kind);
    this.notes.push({ kind, message });
    const settings = vscode.l10n.t('Ollama Settings');
    const logs = vscode.l10n.t('Show Ollama Logs');
    void this.prompts.current.notify(severity, message, severity === 'warning' ? [settings, logs] : [settings]).then(async (picked) => {
      if (picked === settings) await vscode.commands.executeCommand(Commands.openSettings, DAEMON_SETTINGS.containerGpu);
      if (picked === logs) await vscode.commands.executeCommand(Commands.showOllamaLogs);
    });
  }
}
