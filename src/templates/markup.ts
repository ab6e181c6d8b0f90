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

// markupsafe's table: & < > " ' become &amp; &lt; &gt; &#34; &#39; (see escapeFrom).
const ESCAPE_FIRST = /[&<>"']/;

/** Escape a plain string with markupsafe's table. */
export function escapeText(s: string): string {
  // The hot path of every autoescaped page. A non-global regex search finds the first special
  // character fastest (most strings have none); the rest is rebuilt in slices, without a
  // callback per match.
  const first = s.search(ESCAPE_FIRST);
  return first === -1 ? s : escapeFrom(s, first);
}

function escapeFrom(s: string, first: number): string {
  let out = s.slice(0, first);
  let last = first;
  for (let i = first; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // All five specials are below '?' (63): letters and most text skip the switch.
    if (c > 62) continue;
    let rep: string;
    switch (c) {
      case 38:
        rep = "&amp;";
        break;
      case 60:
        rep = "&lt;";
        break;
      case 62:
        rep = "&gt;";
        break;
      case 34:
        rep = "&#34;";
        break;
      case 39:
        rep = "&#39;";
        break;
      default:
        continue;
    }
    if (i > last) out += s.slice(last, i);
    out += rep;
    last = i + 1;
  }
  return last < s.length ? out + s.slice(last) : out;
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
