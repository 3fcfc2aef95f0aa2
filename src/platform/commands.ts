// Command ids shared between features. A feature that offers another feature's command as an action
// (e.g. an error's "Start Ollama" button) names it from here, never by a string literal.
export const Commands = {
  checkConnection: 'hearth.checkConnection',
  showLogs: 'hearth.showLogs',
  openSettings: 'hearth.openSettings',
  startOllama: 'hearth.startOllama',
  installOllama: 'hearth.installOllama',
  /** Sets hearth.ollama.runMode to `container` and starts Ollama's container. Returns `StartResult`. */
  runOllamaInContainer: 'hearth.runOllamaInContainer',
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
  /** Streams a draft at the cursor: optional arg `{ instruction?: string }` ('' = the comment or heading at the cursor). */
  draftHere: 'hearth.draftHere',
  /** Stops the draft being written, keeping what was written. */
  stopDraft: 'hearth.draftHere.stop',
  /** Asks for a multi-line inline suggestion at the cursor, even when automatic completion is off. */
  triggerCompletion: 'hearth.completion.trigger',
  completionMenu: 'hearth.completion.menu',
  pauseCompletion: 'hearth.completion.pause',
  resumeCompletion: 'hearth.completion.resume',
  /** Summarizes the selection, the document, or a file: arg `Uri?`. Returns `SummarizeResult`. */
  summarize: 'hearth.summarize',
  /** Summarizes the whole active document (never just its selection), or a file: arg `Uri?`. Returns `SummarizeResult`. */
  summarizeFile: 'hearth.summarizeFile',
  /** Translates the comments of the selection or document into the target language. */
  translateComments: 'hearth.translate.comments',
  /** Translates the selection (or document): arg `{ replace?: boolean; language?: string }`. */
  translateSelection: 'hearth.translate.selection',
  /** Resets hearth.prompts.* and hearth.generation.* at every scope (old values to the log). Returns `ResetResult`. */
  resetCustomisation: 'hearth.resetCustomisation',
  /** Opens the "Get started with Hearth" walkthrough. */
  openWalkthrough: 'hearth.openWalkthrough',
  /** Adds an endpoint to hearth.endpoints and routes the features the user picks to it. Returns a boolean. */
  addEndpoint: 'hearth.addEndpoint',
  /** Stores a bearer token for an endpoint in SecretStorage: optional arg `{ endpoint?: string; host?: string }`. */
  setEndpointToken: 'hearth.setEndpointToken',
  /** Stores a custom header (name and secret value) for an endpoint: optional arg as setEndpointToken. */
  setEndpointHeader: 'hearth.setEndpointHeader',
  /** Forgets an endpoint's token and headers: optional arg as setEndpointToken. */
  clearEndpointToken: 'hearth.clearEndpointToken',
  /** Allows Hearth to send text to a remote endpoint: optional arg as setEndpointToken. */
  allowEndpoint: 'hearth.allowEndpoint',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
