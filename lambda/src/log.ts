/**
 * Structured JSON logs, one object a line, as CloudWatch Logs Insights reads them. Only the
 * fields a call passes are written: no event bodies and no credentials are ever handed in.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

export type LogSink = (line: string) => void

/** Errors keep name and message only: stacks and causes may quote input */
const plain = (value: unknown): unknown => (value instanceof Error ? { name: value.name, message: value.message } : value)

export function createLogger(level: LogLevel = 'info', sink: LogSink = line => process.stdout.write(`${line}\n`)): Logger {
  const write = (at: LogLevel, message: string, fields: Record<string, unknown> = {}) => {
    if (RANK[at] < RANK[level]) return
    const entries = Object.entries(fields).map(([k, v]) => [k, plain(v)])
    sink(JSON.stringify({ time: new Date().toISOString(), level: at, message, ...Object.fromEntries(entries) }))
  }
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  }
}
