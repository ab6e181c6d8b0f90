/**
 * A few lines of source around a stack frame, read from disk. Synchronous on purpose: the page is
 * only ever rendered in debug mode, on a developer's machine, after a crash. Only source files
 * below a size cap are read, and each file once per page.
 * @module
 */
import { readFileSync, statSync } from "node:fs";

export interface SourceLine {
  number: number;
  text: string;
  /** The line the frame points at. */
  current: boolean;
}

/** Lines shown before and after the frame's line. */
export const CONTEXT_LINES = 5;
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_LINE_CHARS = 300;
// Only code: a stack frame naming any other file is not worth (or safe) reading.
const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

export type SourceCache = Map<string, string[] | null>;

function readLines(file: string, cache: SourceCache): string[] | null {
  let lines = cache.get(file);
  if (lines !== undefined) return lines;
  lines = null;
  try {
    if (SOURCE_FILE.test(file)) {
      const s = statSync(file);
      if (s.isFile() && s.size <= MAX_FILE_BYTES) lines = readFileSync(file, "utf8").split(/\r?\n/);
    }
  } catch {
    // Gone, unreadable or not a path at all: the frame is shown without source.
  }
  cache.set(file, lines);
  return lines;
}

/** Source around `line` (1-based) of `file`, or undefined when it cannot be shown. */
export function sourceContext(
  file: string,
  line: number | undefined,
  cache: SourceCache,
): SourceLine[] | undefined {
  if (line === undefined) return undefined;
  const lines = readLines(file, cache);
  if (lines === null || line > lines.length) return undefined;
  const from = Math.max(1, line - CONTEXT_LINES);
  const to = Math.min(lines.length, line + CONTEXT_LINES);
  const out: SourceLine[] = [];
  for (let n = from; n <= to; n++) {
    const text = lines[n - 1]!;
    out.push({
      number: n,
      text: text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text,
      current: n === line,
    });
  }
  return out;
}
