/**
 * `Markup`: a string known to be safe HTML, and `escape`, which follows markupsafe's table
 * exactly (`&#34;` and `&#39;` for quotes, as Jinja2 prints them) so output matches byte for byte.
 * Objects with an `__html__()` method (markupsafe's protocol) are trusted as already escaped.
 * @module
 */

export class Markup {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
  __html__(): string {
    return this.value;
  }
}

const SPECIAL = /[&<>"']/g;
const TABLE: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&#34;",
  "'": "&#39;",
};

/** Escape a plain string with markupsafe's table. */
export function escapeText(s: string): string {
  SPECIAL.lastIndex = 0;
  return SPECIAL.test(s) ? s.replace(SPECIAL, (c) => TABLE[c]!) : s;
}

/** True for `Markup` and any object that implements `__html__`. */
export function isMarkup(v: unknown): v is { __html__(): string } {
  return (
    v instanceof Markup ||
    (typeof v === "object" &&
      v !== null &&
      typeof (v as { __html__?: unknown }).__html__ === "function")
  );
}
