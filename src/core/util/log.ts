// The logging surface core modules write to. The platform layer passes VS Code's LogOutputChannel,
// which has exactly these methods; tests pass a silent or recording logger.

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
}

export const silentLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};
