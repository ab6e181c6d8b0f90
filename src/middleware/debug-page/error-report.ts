/**
 * What the debug page says about the error itself: class, message, code, frames with source,
 * and the `cause` chain. Built once and rendered as HTML or JSON.
 * @module
 */
import { inspect } from "node:util";
import { type SourceCache, type SourceLine, sourceContext } from "./source-context.ts";
import { type StackFrame, stackFrames } from "./stack-frames.ts";

export interface FrameReport extends StackFrame {
  source: SourceLine[] | undefined;
}

export interface ErrorReport {
  className: string;
  message: string;
  code: string | undefined;
  frames: FrameReport[];
  stack: string | undefined;
}

const MAX_CAUSES = 5;
// Source is read for the first frames only: the deep end of a stack is rarely the bug.
const MAX_SOURCE_FRAMES = 20;

function className(err: unknown): string {
  if (err instanceof Error) {
    const ctor = (err as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof ctor === "string" && ctor !== "" ? ctor : err.name;
  }
  return err === null ? "null" : `${typeof err} (thrown value that is not an Error)`;
}

function oneReport(err: unknown, cache: SourceCache): ErrorReport {
  if (!(err instanceof Error)) {
    return {
      className: className(err),
      message: inspect(err, { depth: 2, breakLength: 100 }),
      code: undefined,
      frames: [],
      stack: undefined,
    };
  }
  const code = (err as { code?: unknown }).code;
  let withSource = 0;
  const frames = stackFrames(err).map((f): FrameReport => {
    const source =
      !f.library && withSource < MAX_SOURCE_FRAMES
        ? sourceContext(f.file, f.line, cache)
        : undefined;
    if (source !== undefined) withSource++;
    return { ...f, source };
  });
  return {
    className: className(err),
    message: String(err.message),
    code: typeof code === "string" || typeof code === "number" ? String(code) : undefined,
    frames,
    stack: err.stack,
  };
}

/** The error and its causes, outermost first. */
export function errorReports(err: unknown): ErrorReport[] {
  const cache: SourceCache = new Map();
  const out: ErrorReport[] = [];
  const seen = new Set<unknown>();
  for (
    let e: unknown = err;
    out.length <= MAX_CAUSES && !seen.has(e);
    e = (e as { cause?: unknown }).cause
  ) {
    seen.add(e);
    out.push(oneReport(e, cache));
    if (!(e instanceof Error) || e.cause === undefined) break;
  }
  return out;
}
