/**
 * JSON parsing for untrusted text: a depth cap checked before `JSON.parse` runs, and refusal of
 * prototype-poisoning keys (`__proto__`, `constructor.prototype`) the way Fastify's default
 * `onProtoPoisoning: "error"` does. Every failure is a 400 `FlagonError`.
 * @module
 */
import { ERR_JSON_INVALID, ERR_JSON_PROTO, ERR_JSON_TOO_DEEP, FlagonError } from "./errors.ts";

export interface ParseJsonOptions {
  /** Deepest allowed nesting of arrays and objects; `[]` is depth 1. Default 64. */
  maxDepth?: number;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Parse `text` as JSON. Throws `FlagonError` with status 400:
 * `FLG_ERR_JSON_INVALID` (syntax error, empty text, trailing garbage),
 * `FLG_ERR_JSON_TOO_DEEP` (nesting deeper than `maxDepth`),
 * `FLG_ERR_JSON_PROTO` (an object with a `__proto__` key, or a `constructor` key whose value is
 * an object with a `prototype` key). Duplicate keys keep the last value, as `JSON.parse` does.
 */
export function parseJsonSafe(text: string, options: ParseJsonOptions = {}): unknown {
  if (typeof text !== "string" || text.length === 0) {
    throw new FlagonError(ERR_JSON_INVALID, "Invalid JSON: the body is empty", 400);
  }
  const maxDepth = options.maxDepth ?? 64;
  // A text shorter than the limit cannot nest past it, which skips the scan for small bodies.
  if (text.length > maxDepth) checkDepth(text, maxDepth);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new FlagonError(ERR_JSON_INVALID, `Invalid JSON${position(cause)}`, 400, { cause });
  }
  // Escaped keys ("\u005f_proto__") also become "__proto__", so "\u" forces the full walk.
  if (
    typeof value === "object" &&
    value !== null &&
    (text.includes("__proto__") || text.includes("constructor") || text.includes("\\u"))
  ) {
    checkKeys(value);
  }
  return value;
}

/** V8's message quotes part of the input; keep only the offset, never the text. */
function position(cause: unknown): string {
  const m = cause instanceof Error ? /position (\d+)/.exec(cause.message) : null;
  return m === null ? "" : ` at position ${m[1]}`;
}

/**
 * Linear bracket count that skips string contents, run before `JSON.parse` so a text like
 * `"[".repeat(100000)` is refused in one pass instead of being built.
 */
function checkDepth(text: string, maxDepth: number): void {
  const len = text.length;
  let depth = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) {
        throw new FlagonError(
          ERR_JSON_TOO_DEEP,
          `Invalid JSON: nested deeper than ${maxDepth} levels`,
          400,
        );
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    } else if (c === 0x22) {
      i = stringEnd(text, i);
      // An unterminated string is a syntax error JSON.parse will report.
      if (i === -1) return;
    }
  }
}

/** Index of the quote closing the string opened at `open`, or -1. Each char is visited once. */
function stringEnd(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q === -1) return -1;
    let slashes = 0;
    for (let j = q - 1; j > open && text.charCodeAt(j) === 0x5c; j--) slashes++;
    if ((slashes & 1) === 0) return q;
    from = q + 1;
  }
}

/** Iterative walk (depth is already bounded, but a stack keeps it allocation-light). */
function checkKeys(root: object): void {
  const stack: object[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown>;
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === "object" && item !== null) stack.push(item);
      continue;
    }
    if (hasOwn.call(node, "__proto__")) {
      throw new FlagonError(
        ERR_JSON_PROTO,
        'Invalid JSON: the key "__proto__" is not allowed',
        400,
      );
    }
    if (hasOwn.call(node, "constructor")) {
      const ctor = node.constructor;
      if (typeof ctor === "object" && ctor !== null && hasOwn.call(ctor, "prototype")) {
        throw new FlagonError(
          ERR_JSON_PROTO,
          'Invalid JSON: "constructor.prototype" is not allowed',
          400,
        );
      }
    }
    for (const key in node) {
      if (!hasOwn.call(node, key)) continue;
      const v = node[key];
      if (typeof v === "object" && v !== null) stack.push(v);
    }
  }
}
