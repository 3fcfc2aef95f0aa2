// The daemon commands that most sessions never run, loaded at their first use: Show Ollama Logs, Install
// Ollama and the status bar's Ollama menu. Start, Stop and Restart stay in the main bundle.
export { installOllama, ollamaActions, showOllamaLogs } from '../features/daemon/commandActions';
