// The gateway to the Ollama daemon: the only module that talks HTTP. Import from here.
export * from './errors';
export * from './gateway';
export * from './host';
export * from './names';
export * from './types';
export * from './stall';
