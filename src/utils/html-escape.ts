/**
 * HTML escaping for text and quoted attribute values.
 * @module
 */

const SPECIAL = /[&<>"']/;

/**
 * Escape `& < > " '` as `&amp; &lt; &gt; &quot; &#39;`. Returns the same string, without
 * allocating, when there is nothing to escape (the common case for most template values).
 * Safe for element text and for attribute values in double or single quotes; not for unquoted
 * attributes, URLs (`javascript:`), or script and style contents.
 */
export function escapeHtml(s: string): string {
  const str = typeof s === "string" ? s : String(s);
  const first = str.search(SPECIAL);
  if (first === -1) return str;
  let out = "";
  let last = 0;
  for (let i = first; i < str.length; i++) {
    let rep: string;
    switch (str.charCodeAt(i)) {
      case 0x26:
        rep = "&amp;";
        break;
      case 0x3c:
        rep = "&lt;";
        break;
      case 0x3e:
        rep = "&gt;";
        break;
      case 0x22:
        rep = "&quot;";
        break;
      case 0x27:
        rep = "&#39;";
        break;
      default:
        continue;
    }
    if (i > last) out += str.slice(last, i);
    out += rep;
    last = i + 1;
  }
  return last < str.length ? out + str.slice(last) : out;
}
