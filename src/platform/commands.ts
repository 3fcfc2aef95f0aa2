// Command ids shared between features. A feature that offers another feature's command as an action
// (e.g. an error's "Start Ollama" button) names it from here, never by a string literal.
export const Commands = {
  checkConnection: 'hearth.checkConnection',
  showLogs: 'hearth.showLogs',
  openSettings: 'hearth.openSettings',
  startOllama: 'hearth.startOllama',
  installOllama: 'hearth.installOllama',
  stopOllama: 'hearth.stopOllama',
  restartOllama: 'hearth.restartOllama',
  /** The output of an `ollama serve` that Hearth started (the "Ollama" log channel). */
  showOllamaLogs: 'hearth.showOllamaLogs',
  pullModel: 'hearth.pullModel',
  useModelFor: 'hearth.useModelFor',
  /** Opens the chat with text to continue from: args `{ title: string; text: string; attachment?: string }`. */
  openInChat: 'hearth.chat.openWith',
  newChat: 'hearth.chat.newChat',
  chatHistory: 'hearth.chat.showHistory',
  exportChat: 'hearth.chat.export',
  askAboutSelection: 'hearth.chat.askAboutSelection',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
