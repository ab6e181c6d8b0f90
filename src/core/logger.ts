/**
 * A small structured logger: one JSON object per line in production, a short coloured line in
 * debug. The sink is injected so the core never owns a stream; the default writes to stdout.
 * @module
 */

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  /** Human-readable lines instead of JSON. */
  pretty?: boolean;
  /** Lowest level written. @default "info" */
  level?: LogLevel;
  /** Where lines go. @default process.stdout */
  write?: (line: string) => void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const COLOUR: Record<LogLevel, string> = {
  debug: "\x1b[90m",
  info: "\x1b[36m",
  warn: "\x1b[33m",
  error: "\x1b[31m",
};

function defaultWrite(line: string): void {
  process.stdout.write(line);
}

function prettyFields(fields: Record<string, unknown> | undefined): string {
  if (fields === undefined) return "";
  let out = "";
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (key === "err" && value instanceof Error) out += `\n${value.stack ?? value.message}`;
    else out += ` ${key}=${typeof value === "string" ? value : JSON.stringify(value)}`;
  }
  return out;
}

function jsonSafe(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    out[key] =
      value instanceof Error
        ? {
            name: value.name,
            message: value.message,
            stack: value.stack,
            code: (value as { code?: unknown }).code,
          }
        : value;
  }
  return out;
}

/** Create a logger. Errors inside the sink are swallowed: logging must never break a request. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const min = RANK[options.level ?? "info"];
  const write = options.write ?? defaultWrite;
  const pretty = options.pretty === true;
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (RANK[level] < min) return;
    try {
      if (pretty) {
        write(`${COLOUR[level]}${level.padEnd(5)}\x1b[0m ${msg}${prettyFields(fields)}\n`);
      } else {
        const base = { time: new Date().toISOString(), level, msg };
        write(
          `${JSON.stringify(fields === undefined ? base : { ...base, ...jsonSafe(fields) })}\n`,
        );
      }
    } catch {
      // A closed stdout or a cyclic field must not turn a log call into a failed request.
    }
  };
  return {
    debug: (msg, fields) => emit("debug", msg, fields),
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
  };
}

/** A logger that drops everything, for benchmarks and tests that assert on silence. */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});
