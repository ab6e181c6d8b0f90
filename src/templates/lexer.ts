/**
 * The lexer: template source to tokens. Text outside tags becomes `data`; `{{ }}` and `{% %}`
 * become begin/end tokens around expression tokens; comments and whitespace control are applied
 * here, as in Jinja2 (`{%-`/`-%}` strip, `{%+`/`+%}` opt out, trim_blocks, lstrip_blocks, the
 * single trailing newline dropped unless kept). Every token carries its line and column.
 * @module
 */
import { syntaxError } from "./errors.ts";

export type TokenType =
  | "data"
  | "var_begin"
  | "var_end"
  | "block_begin"
  | "block_end"
  | "name"
  | "string"
  | "int"
  | "float"
  | "op"
  | "eof";

export interface Token {
  type: TokenType;
  value: string;
  line: number;
  col: number;
}

export interface LexOptions {
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
  keepTrailingNewline?: boolean;
}

const OPS = [
  "//",
  "**",
  "==",
  "!=",
  "<=",
  ">=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "~",
  "[",
  "]",
  "(",
  ")",
  "{",
  "}",
  "<",
  ">",
  "=",
  ".",
  ":",
  "|",
  ",",
  ";",
];
const NAME = /[\p{L}_][\p{L}\p{N}_]*/uy;
const FLOAT = /(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?[eE][+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/y;
const INT = /0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[1-9](?:_?\d)*|0(?:_?0)*/y;
const RAW_BEGIN = /\{%([-+]?)\s*raw\s*(-?)%\}/y;
const RAW_END = /\{%([-+]?)\s*endraw\s*([-+]?)%\}/g;
const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "0": "\0",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "\n": "",
};

/** Normalise newlines to "\n" and drop one trailing newline, as Jinja2 does before lexing. */
export function normalizeSource(source: string, keepTrailingNewline = false): string {
  let s = source.replace(/\r\n?/g, "\n");
  if (!keepTrailingNewline && s.endsWith("\n")) s = s.slice(0, -1);
  return s;
}

export function tokenize(source: string, opts: LexOptions = {}): Token[] {
  return new Lexer(source, opts).run();
}

class Lexer {
  private readonly src: string;
  private readonly opts: LexOptions;
  private readonly lineStarts: number[] = [0];
  private readonly tokens: Token[] = [];
  private pos = 0;

  constructor(src: string, opts: LexOptions) {
    this.src = src;
    this.opts = opts;
    for (let i = 0; i < src.length; i++) if (src[i] === "\n") this.lineStarts.push(i + 1);
  }

  private at(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.lineStarts[lo]! + 1 };
  }

  private push(type: TokenType, value: string, offset: number): void {
    this.tokens.push({ type, value, ...this.at(offset) });
  }

  private fail(msg: string, offset: number): never {
    const { line, col } = this.at(offset);
    throw syntaxError(msg, line, col);
  }

  run(): Token[] {
    const src = this.src;
    let stripNext = false;
    while (this.pos < src.length) {
      const start = this.pos;
      let idx = -1;
      for (let i = src.indexOf("{", start); i !== -1; i = src.indexOf("{", i + 1)) {
        const c = src[i + 1];
        if (c === "{" || c === "%" || c === "#") {
          idx = i;
          break;
        }
      }
      let text = src.slice(start, idx === -1 ? src.length : idx);
      if (stripNext) text = text.replace(/^\s+/, "");
      stripNext = false;
      if (idx === -1) {
        if (text) this.push("data", text, start);
        break;
      }
      const kind = src[idx + 1];
      const sign = src[idx + 2];
      if (sign === "-") text = text.replace(/\s+$/, "");
      else if (sign !== "+" && this.opts.lstripBlocks && kind !== "{") {
        const lpos = text.lastIndexOf("\n") + 1;
        const lineStarting = start === 0 || src[start - 1] === "\n";
        if ((lpos > 0 || lineStarting) && /^[ \t]*$/.test(text.slice(lpos)))
          text = text.slice(0, lpos);
      }
      if (text) this.push("data", text, start);
      if (kind === "#") stripNext = this.comment(idx);
      else if (kind === "%" && this.raw(idx)) stripNext = false;
      else stripNext = this.tag(idx, kind === "{" ? "var" : "block");
    }
    this.push("eof", "", src.length);
    return this.tokens;
  }

  /** Skip a comment; returns whether the next data must be left-stripped. */
  private comment(idx: number): boolean {
    const end = this.src.indexOf("#}", idx + 2);
    if (end === -1) this.fail("Missing end of comment tag", idx);
    this.pos = end + 2;
    const sign = this.src[end - 1];
    if (sign === "-" && end - 1 > idx + 2) return true;
    if (sign !== "+" && this.opts.trimBlocks && this.src[this.pos] === "\n") this.pos++;
    return false;
  }

  /** `{% raw %}...{% endraw %}`: emit the inside verbatim. Returns false if this is no raw tag. */
  private raw(idx: number): boolean {
    RAW_BEGIN.lastIndex = idx;
    const m = RAW_BEGIN.exec(this.src);
    if (!m) return false;
    RAW_END.lastIndex = RAW_BEGIN.lastIndex;
    const e = RAW_END.exec(this.src);
    if (!e) this.fail("Missing end of raw directive", idx);
    let body = this.src.slice(RAW_BEGIN.lastIndex, e.index);
    if (m[2] === "-") body = body.replace(/^\s+/, "");
    if (e[1] === "-") body = body.replace(/\s+$/, "");
    if (body) this.push("data", body, RAW_BEGIN.lastIndex);
    this.pos = RAW_END.lastIndex;
    if (e[2] === "-") {
      const rest = /^\s*/.exec(this.src.slice(this.pos))![0];
      this.pos += rest.length;
    } else if (e[2] !== "+" && this.opts.trimBlocks && this.src[this.pos] === "\n") this.pos++;
    return true;
  }

  /** Lex one `{{ }}` or `{% %}` tag; returns whether the next data must be left-stripped. */
  private tag(idx: number, kind: "var" | "block"): boolean {
    const src = this.src;
    const close = kind === "var" ? "}}" : "%}";
    this.push(kind === "var" ? "var_begin" : "block_begin", src.slice(idx, idx + 2), idx);
    let p = idx + 2;
    if (src[p] === "-" || src[p] === "+") p++;
    const braces: string[] = [];
    for (;;) {
      while (p < src.length && /\s/.test(src[p]!)) p++;
      if (p >= src.length) this.fail(`Unexpected end of template, expected '${close}'`, idx);
      if (braces.length === 0) {
        const c = src[p];
        if ((c === "-" || c === "+") && src.startsWith(close, p + 1)) {
          this.push(kind === "var" ? "var_end" : "block_end", close, p);
          this.pos = p + 3;
          if (c === "-") return true;
          return false;
        }
        if (src.startsWith(close, p)) {
          this.push(kind === "var" ? "var_end" : "block_end", close, p);
          this.pos = p + 2;
          if (kind === "block" && this.opts.trimBlocks && src[this.pos] === "\n") this.pos++;
          return false;
        }
      }
      p = this.exprToken(p, braces);
    }
  }

  private exprToken(p: number, braces: string[]): number {
    const src = this.src;
    const c = src[p]!;
    if (c === "'" || c === '"') return this.string(p, c);
    if (/\d/.test(c) && src[p - 1] !== ".") {
      FLOAT.lastIndex = p;
      const f = FLOAT.exec(src);
      if (f) {
        this.push("float", f[0].replaceAll("_", ""), p);
        return FLOAT.lastIndex;
      }
      INT.lastIndex = p;
      const i = INT.exec(src)!;
      this.push("int", i[0].replaceAll("_", ""), p);
      return INT.lastIndex;
    }
    if (/\d/.test(c)) {
      INT.lastIndex = p;
      const i = INT.exec(src)!;
      this.push("int", i[0], p);
      return INT.lastIndex;
    }
    NAME.lastIndex = p;
    const n = NAME.exec(src);
    if (n) {
      this.push("name", n[0], p);
      return NAME.lastIndex;
    }
    const op = OPS.find((o) => src.startsWith(o, p));
    if (!op) this.fail(`Unexpected char ${JSON.stringify(c)}`, p);
    if (op === "(" || op === "[" || op === "{") braces.push(op);
    else if (op === ")" || op === "]" || op === "}") {
      const open = braces.pop();
      const want = op === ")" ? "(" : op === "]" ? "[" : "{";
      if (open !== want) this.fail(`Unexpected '${op}'`, p);
    }
    this.push("op", op, p);
    return p + op.length;
  }

  private string(p: number, quote: string): number {
    const src = this.src;
    let out = "";
    let i = p + 1;
    for (;;) {
      if (i >= src.length) this.fail("unexpected end of string", p);
      const ch = src[i]!;
      if (ch === quote) break;
      if (ch === "\\") {
        const nx = src[i + 1] ?? "";
        if (nx === "x" || nx === "u" || nx === "U") {
          const len = nx === "x" ? 2 : nx === "u" ? 4 : 8;
          const hex = src.slice(i + 2, i + 2 + len);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len)
            this.fail("invalid escape in string", i);
          out += String.fromCodePoint(Number.parseInt(hex, 16));
          i += 2 + len;
          continue;
        }
        const esc = ESCAPES[nx];
        out += esc ?? `\\${nx}`;
        i += 2;
        continue;
      }
      out += ch;
      i++;
    }
    this.push("string", out, p);
    return i + 1;
  }
}
