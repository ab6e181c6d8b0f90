/**
 * A cursor over the lexer's tokens with the small helpers the parser needs.
 * @module
 */
import { syntaxError } from "./errors.ts";
import type { Token } from "./lexer.ts";

export class TokenStream {
  private readonly tokens: Token[];
  private i = 0;

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  get current(): Token {
    return this.tokens[this.i]!;
  }

  look(ahead = 1): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.current;
    if (t.type !== "eof") this.i++;
    return t;
  }

  /** True when the current token is the operator or name `value` (or of type `type`). */
  test(type: string, value?: string): boolean {
    const t = this.current;
    return t.type === type && (value === undefined || t.value === value);
  }

  skipIf(type: string, value?: string): boolean {
    if (!this.test(type, value)) return false;
    this.next();
    return true;
  }

  expect(type: string, value?: string): Token {
    if (!this.test(type, value)) {
      const t = this.current;
      const want = value ?? type;
      const got = t.type === "eof" ? "end of template" : `'${t.value || t.type}'`;
      throw syntaxError(`expected '${want}', got ${got}`, t.line, t.col);
    }
    return this.next();
  }

  fail(msg: string, t: Token = this.current): never {
    throw syntaxError(msg, t.line, t.col);
  }
}
