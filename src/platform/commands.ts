// Command ids shared between features. A feature that offers another feature's command as an action
// (e.g. an error's "Start Ollama" button) names it from here, never by a string literal.
export const Commands = {
  checkConnection: 'hearth.checkConnection',
  showLogs: 'hearth.showLogs',
  openSettings: 'hearth.openSettings',
  startOllama: 'hearth.startOllama',
  installOllama: 'hearth.installOllama',
  pullModel: 'hearth.pullModel',
  useModelFor: 'hearth.useModelFor',
  /** Opens the chat with text to continue from: args `{ title: string; text: string; attachment?: string }`. */
  openInChat: 'hearth.chat.openWith',
  /** Summarizes the selection, the document, or a file: arg `Uri?`. Returns `SummarizeResult`. */
  summarize: 'hearth.summarize',
  /** Translates the comments of the selection or document into the target language. */
  translateComments: 'hearth.translate.comments',
  /** Translates the selection (or document): arg `{ replace?: boolean; language?: string }`. */
  translateSelection: 'hearth.translate.selection',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
