// Daemon management without VS Code: finding the binary, its environment, health checks, the
// process Hearth starts, who owns a running daemon, and what /api/ps says about GPU memory.
export * from './child';
export * from './clock';
export * from './discovery';
export * from './env';
export * from './gpu';
export * from './health';
export * from './ownership';
export * from './probe';
export * from './running';
export * from './settings';
export * from './status';
export * from './supervisor';
export * from './install';
export * from './autoStart';
export * from './logLine';
export * from './container';
export * from './containerRunner';
export * from './containerStart';
