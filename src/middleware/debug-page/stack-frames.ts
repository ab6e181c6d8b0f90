/**
 * Parsing V8 stack traces into frames. A hand-written scan rather than one regex: stack lines
 * can be long, and nothing here should backtrack.
 * @module
 */
import { fileURLToPath } from "node:url";

export interface StackFrame {
  /** Function as V8 names it (`async handler`, `new Store`, `Object.<anonymous>`), if any. */
  fn: string | undefined;
  /** File-system path (file: URLs converted), or the location as printed (`node:internal/...`). */
  file: string;
  line: number | undefined;
  column: number | undefined;
  /** Node's own code or a dependency: shown collapsed. */
  library: boolean;
}

const MAX_FRAMES = 50;
const MAX_LINE = 2000;

/** Split `file:12:5` into its parts; the path may itself contain colons (Windows drives). */
function location(loc: string): Pick<StackFrame, "file" | "line" | "column"> {
  const c2 = loc.lastIndexOf(":");
  const c1 = c2 > 0 ? loc.lastIndexOf(":", c2 - 1) : -1;
  const line = Number(loc.slice(c1 + 1, c2));
  const column = Number(loc.slice(c2 + 1));
  if (c1 <= 0 || !Number.isInteger(line) || !Number.isInteger(column) || line < 1) {
    return { file: loc, line: undefined, column: undefined };
  }
  let file = loc.slice(0, c1);
  if (file.startsWith("file://")) {
    try {
      file = fileURLToPath(file);
    } catch {
      // Not a local file URL: keep it as printed.
    }
  }
  return { file, line, column };
}

export function parseFrame(text: string): StackFrame | undefined {
  const t = text.trim();
  if (!t.startsWith("at ") || t.length > MAX_LINE) return undefined;
  const rest = t.slice(3);
  const open = rest.indexOf(" (");
  const hasFn = open !== -1 && rest.endsWith(")");
  const fn = hasFn ? rest.slice(0, open) : undefined;
  const loc = location(hasFn ? rest.slice(open + 2, -1) : rest);
  const library =
    loc.file.startsWith("node:") || loc.file.includes("node_modules") || loc.line === undefined;
  return { fn, ...loc, library };
}

/**
 * The frames of `err.stack`. The first lines repeat `name: message`, which may hold request
 * input; they are skipped by length so a message that looks like `at /etc/passwd:1:1` can never
 * become a frame (and make the page read that file).
 */
export function stackFrames(err: unknown): StackFrame[] {
  if (!(err instanceof Error) || typeof err.stack !== "string") return [];
  const head = `${err.name}: ${err.message}`;
  let stack = err.stack;
  if (stack.startsWith(head)) stack = stack.slice(head.length);
  else if (err.message !== "" && stack.includes(err.message))
    stack = stack.slice(stack.indexOf(err.message) + err.message.length);
  const frames: StackFrame[] = [];
  for (const line of stack.split("\n")) {
    const frame = parseFrame(line);
    if (frame !== undefined) frames.push(frame);
    if (frames.length === MAX_FRAMES) break;
  }
  return frames;
}
