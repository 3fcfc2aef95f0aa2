// Ollama's log lines (`time=… level=WARN source=… msg=…`, `[GIN] …`, `Error: …`) mapped to a log level,
// without the time and level that VS Code's log channel shows by itself.

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export function parseOllamaLine(line: string): { level: LogLevel; text: string } {
  const level = /\blevel=(\w+)/.exec(line)?.[1]?.toUpperCase();
  const text = line.replace(/^time=\S+\s+/, '').replace(/^level=\w+\s+/, '');
  switch (level) {
    case 'ERROR':
      return { level: 'error', text };
    case 'WARN':
    case 'WARNING':
      return { level: 'warn', text };
    case 'DEBUG':
      return { level: 'debug', text };
    case 'TRACE':
      return { level: 'trace', text };
    default:
      return { level: /^(Error:|panic:)/.test(line) ? 'error' : 'info', text };
  }
}
