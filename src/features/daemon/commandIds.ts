// The one command id only daemon management uses: the status bar's menu. The ids other features may
// offer (Start, Stop, Restart, Install Ollama, Show Ollama Logs) live in platform/commands.ts.
export const OLLAMA_ACTIONS_COMMAND = 'hearth.ollamaActions';
