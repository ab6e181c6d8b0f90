/**
 * The `env` readers: `env.int("PORT", 8000)` and friends. Each is strict, since a setting that is
 * quietly half-read ("12abc" as 12, "flase" as true) fails later and far from its cause.
 * @module
 */
import { parseJsonSafe } from "../utils/index.ts";
import { bad, EnvSetting, ok, type Parsed } from "./setting.ts";

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

/** Echo short values that can't be secrets; URLs and JSON may hold passwords, so they never are. */
function shown(raw: string): string {
  return raw === ""
    ? "an empty string"
    : JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}...` : raw);
}

function readInt(raw: string): Parsed<number> {
  const text = raw.trim();
  const n = Number(text);
  if (!INT.test(text)) return bad(`expected an integer, got ${shown(raw)}`);
  if (!Number.isSafeInteger(n)) return bad(`integer out of range, got ${shown(raw)}`);
  return ok(n);
}

function readFloat(raw: string): Parsed<number> {
  const text = raw.trim();
  const n = Number(text);
  if (!FLOAT.test(text) || !Number.isFinite(n)) return bad(`expected a number, got ${shown(raw)}`);
  return ok(n);
}

function parseBool(raw: string): Parsed<boolean> {
  const text = raw.trim().toLowerCase();
  if (TRUE.has(text)) return ok(true);
  if (FALSE.has(text)) return ok(false);
  return bad(`expected a boolean (true/false, 1/0, yes/no, on/off), got ${shown(raw)}`);
}

function parseList(raw: string): Parsed<readonly string[]> {
  const items = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return ok(Object.freeze(items));
}

function parseUrl(raw: string): Parsed<string> {
  const text = raw.trim();
  // `new URL` accepts `sqlite::memory:` and `sqlite:///path/db.sqlite` as they are.
  if (!URL.canParse(text))
    return bad("expected an absolute URL such as postgres://user@host/db (value not shown)");
  return ok(text);
}

function parseJson(raw: string): Parsed<unknown> {
  try {
    return ok(parseJsonSafe(raw, { maxDepth: 64 }));
  } catch {
    return bad(
      "expected valid JSON without __proto__ or constructor.prototype keys (value not shown)",
    );
  }
}

function parseEnum<V extends string>(values: readonly V[]): (raw: string) => Parsed<V> {
  return (raw) => {
    const text = raw.trim();
    return (values as readonly string[]).includes(text)
      ? ok(text as V)
      : bad(
          `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}, got ${shown(raw)}`,
        );
  };
}

/**
 * Setting readers. Without a default the variable is required; `.optional()` makes it
 * `undefined` when unset. Defaults are used as given, not parsed.
 */
export const env = Object.freeze({
  /** Any text, untrimmed; an empty value is a value. */
  string: (name: string, ...fallback: [] | [string]) => new EnvSetting<string>(name, ok, fallback),
  /** A whole number: `"8000"`, `"-1"`; `"12abc"`, `"1.5"`, `"1e3"` are errors. */
  int: (name: string, ...fallback: [] | [number]) =>
    new EnvSetting<number>(name, readInt, fallback),
  /** A finite decimal number: `"0.5"`, `"-2"`, `"1e-3"`. */
  float: (name: string, ...fallback: [] | [number]) =>
    new EnvSetting<number>(name, readFloat, fallback),
  /** true/false, 1/0, yes/no, on/off in any case; anything else is an error. */
  bool: (name: string, ...fallback: [] | [boolean]) =>
    new EnvSetting<boolean>(name, parseBool, fallback),
  /** Comma-separated, items trimmed, empty items dropped. */
  list: (name: string, ...fallback: [] | [readonly string[]]) =>
    new EnvSetting<readonly string[]>(name, parseList, fallback),
  /** An absolute URL, returned as text (`sqlite::memory:` and `sqlite:///path` included). */
  url: (name: string, ...fallback: [] | [string]) =>
    new EnvSetting<string>(name, parseUrl, fallback),
  /** JSON, parsed with prototype-poisoning protection. */
  json: <T = unknown>(name: string, ...fallback: [] | [T]) =>
    new EnvSetting<T>(name, parseJson as (raw: string) => Parsed<T>, fallback),
  /** One of `values`, exactly (case matters). */
  enum: <const V extends string>(name: string, values: readonly V[], ...fallback: [] | [V]) =>
    new EnvSetting<V>(name, parseEnum(values), fallback),
});
