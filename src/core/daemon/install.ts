// Where Ollama comes from: the official download page for each OS, and on Linux the official install
// script (which Hearth only ever puts into a terminal for the user to run, after asking).

export interface InstallGuidance {
  downloadUrl: string;
  /** The official one-line installer, where there is one (Linux). */
  command?: string;
}

export const LINUX_INSTALL_COMMAND = 'curl -fsSL https://ollama.com/install.sh | sh';

export function installGuidance(platform: NodeJS.Platform): InstallGuidance {
  switch (platform) {
    case 'darwin':
      return { downloadUrl: 'https://ollama.com/download/mac' };
    case 'win32':
      return { downloadUrl: 'https://ollama.com/download/windows' };
    case 'linux':
      return { downloadUrl: 'https://ollama.com/download/linux', command: LINUX_INSTALL_COMMAND };
    default:
      return { downloadUrl: 'https://ollama.com/download' };
  }
}
