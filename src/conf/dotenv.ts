/**
 * `.env` files: parsing the usual dotenv syntax and loading it into `process.env`.
 *
 * Node's own `util.parseEnv` was tried first and is not used: it ends a double-quoted value at an
 * escaped quote (`"a \" b"`), leaves `\t` unexpanded, treats backticks as quotes, and lets an
 * unterminated quote silently swallow the rest of the file. Here an unreadable line is an error
 * naming the line, and nothing is ever executed or expanded (`$(cmd)`, backticks, `${VAR}` stay
 * as written).
 * @module
 */
import { readFileSync } from "node:fs";
import { EnvFileError, type EnvFileProblem } from "./errors.ts";

const KEY = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*/;
const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", "\\": "\\", '"': '"', $: "$" };

type Step = { value: string; next: number } | { problem: string };

/** A quoted value starting at `lines[i][at]`; it may continue over several lines. */
function readQuoted(lines: readonly string[], i: number, at: number): Step {
  const quote = lines[i]![at]!;
  let value = "";
  let text = lines[i]!.slice(at + 1);
  for (let row = i; ; ) {
    for (let k = 0; k < text.length; k++) {
      const c = text[k]!;
      if (c === quote) {
        const rest = text.slice(k + 1).trim();
        if (rest !== "" && !rest.startsWith("#"))
          return { problem: `unexpected text after the closing quote: ${rest.slice(0, 20)}` };
        return { value, next: row + 1 };
      }
      if (c === "\\" && quote === '"' && k + 1 < text.length) {
        const e = text[k + 1]!;
        // An unknown escape keeps its backslash, as shells and python-dotenv do.
        value += ESCAPES[e] ?? `\\${e}`;
        k++;
      } else value += c;
    }
    if (++row >= lines.length)
      return { problem: `unterminated ${quote === '"' ? "double" : "single"} quote` };
    value += "\n";
    text = lines[row]!;
  }
}

/**
 * Parse `.env` text into a null-prototype record. Lines: `KEY=value`, `export KEY=value`,
 * blank, or `# comment`. Unquoted values are trimmed and end at a `#` that follows whitespace;
 * single quotes are literal; double quotes understand `\n \r \t \\ \" \$`; both may span lines.
 * @throws {EnvFileError} `FLG_ERR_ENV_FILE_INVALID` listing every bad line.
 */
export function parseDotenv(text: string, file = ".env"): Record<string, string> {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const out: Record<string, string> = Object.create(null);
  const problems: EnvFileProblem[] = [];
  for (let i = 0; i < lines.length; ) {
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) {
      i++;
      continue;
    }
    const key = KEY.exec(line);
    if (key === null) {
      problems.push({ line: i + 1, problem: "expected KEY=value" });
      i++;
      continue;
    }
    if (key[1] === "__proto__") {
      problems.push({ line: i + 1, problem: "__proto__ is not a usable variable name" });
      i++;
      continue;
    }
    const at = lines[i]!.indexOf(line) + key[0].length;
    const first = lines[i]![at];
    if (first === '"' || first === "'") {
      const step = readQuoted(lines, i, at);
      if ("problem" in step) {
        problems.push({ line: i + 1, problem: step.problem });
        i++;
      } else {
        out[key[1]!] = step.value;
        i = step.next;
      }
      continue;
    }
    const raw = line.slice(key[0].length);
    // A `#` starts a comment only after whitespace, so `KEY=#abc` and `KEY=a#b` keep theirs.
    const comment = raw.search(/\s#/);
    out[key[1]!] = (comment === -1 ? raw : raw.slice(0, comment)).trim();
    i++;
  }
  if (problems.length > 0) throw new EnvFileError(file, problems);
  return out;
}

export interface LoadEnvFileOptions {
  /** Let the file replace variables already set in the environment. @default false */
  override?: boolean;
  /** The environment to fill. @default process.env */
  env?: Record<string, string | undefined>;
}

/**
 * Load a `.env` file into the environment. Real environment variables win unless `override`,
 * so a deploy can always overrule a checked-in file. A missing file is not an error.
 * @returns `true` when the file was read, `false` when it does not exist.
 */
export function loadEnvFile(path = ".env", options: LoadEnvFileOptions = {}): boolean {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw err;
  }
  const target = options.env ?? process.env;
  const values = parseDotenv(text, path);
  for (const key of Object.keys(values)) {
    if (options.override === true || target[key] === undefined) target[key] = values[key];
  }
  return true;
}
