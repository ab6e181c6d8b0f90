/**
 * `Content-Type` parsing by the RFC 9110 grammar (section 8.3.1, 5.6.6):
 *
 *   media-type = type "/" subtype parameters
 *   parameters = *( OWS ";" OWS [ parameter ] )
 *   parameter  = name "=" ( token / quoted-string )
 *
 * Anything else is refused with `undefined`, so the parser and any later check never disagree
 * about what the body is (Fastify CVE-2022-39288 came from a lookup of `constructor`).
 * @module
 */

export interface ContentType {
  /** The essence `type/subtype`, lower-cased. */
  type: string;
  /** Parameters with lower-cased names (values as sent, quotes removed); null prototype. */
  params: Record<string, string>;
}

// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
//         / DIGIT / ALPHA
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TCHAR[c.charCodeAt(0)] = 1;
}

function isTchar(c: number): boolean {
  return c < 128 && TCHAR[c] === 1;
}

function skipOws(s: string, i: number): number {
  let j = i;
  while (j < s.length && (s.charCodeAt(j) === 0x20 || s.charCodeAt(j) === 0x09)) j++;
  return j;
}

function tokenEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && isTchar(s.charCodeAt(j))) j++;
  return j;
}

/**
 * Parse a `Content-Type` value. Returns `undefined` for a missing or malformed header.
 * Whitespace around `;` is accepted (`application/json\t; charset=utf-8`), and so are empty
 * parameters (`application/json;;`), which the RFC grammar allows. A parameter name given twice
 * makes the header malformed (`charset=utf-8;charset=utf-7` is ambiguous, so it is refused).
 */
export function parseContentType(header: string | undefined): ContentType | undefined {
  if (typeof header !== "string") return undefined;
  const s = header;
  const start = skipOws(s, 0);
  const slash = tokenEnd(s, start);
  if (slash === start || s.charCodeAt(slash) !== 0x2f) return undefined;
  const subEnd = tokenEnd(s, slash + 1);
  if (subEnd === slash + 1) return undefined;
  const type = s.slice(start, subEnd).toLowerCase();
  const params: Record<string, string> = Object.create(null);
  let i = skipOws(s, subEnd);
  while (i < s.length) {
    if (s.charCodeAt(i) !== 0x3b) return undefined;
    i = skipOws(s, i + 1);
    if (i === s.length || s.charCodeAt(i) === 0x3b) continue;
    const nameEnd = tokenEnd(s, i);
    if (nameEnd === i || s.charCodeAt(nameEnd) !== 0x3d) return undefined;
    const name = s.slice(i, nameEnd).toLowerCase();
    if (name in params) return undefined;
    let value: string;
    if (s.charCodeAt(nameEnd + 1) === 0x22) {
      const q = quotedString(s, nameEnd + 1);
      if (q === undefined) return undefined;
      value = q.value;
      i = q.end;
    } else {
      const valueEnd = tokenEnd(s, nameEnd + 1);
      if (valueEnd === nameEnd + 1) return undefined;
      value = s.slice(nameEnd + 1, valueEnd);
      i = valueEnd;
    }
    params[name] = value;
    i = skipOws(s, i);
  }
  return { type, params };
}

/** quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE, from the opening quote at `open`. */
function quotedString(s: string, open: number): { value: string; end: number } | undefined {
  let value = "";
  let from = open + 1;
  for (let i = open + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) return { value: value + s.slice(from, i), end: i + 1 };
    if (c === 0x5c) {
      const next = s.charCodeAt(i + 1);
      if (!(next === 0x09 || (next >= 0x20 && next !== 0x7f && next <= 0xff))) return undefined;
      value += s.slice(from, i);
      from = i + 1;
      i++;
    } else if (!(c === 0x09 || (c >= 0x20 && c !== 0x7f && c <= 0xff))) {
      return undefined;
    }
  }
  return undefined;
}

/**
 * True for `application/json` and any `application/<x>+json` (`application/problem+json`), not
 * for look-alikes such as `application/jsonx`. Expects a lower-cased essence, as
 * `parseContentType(...).type` gives.
 */
export function isJsonType(essence: string): boolean {
  if (essence === "application/json") return true;
  // "application/" is 12 chars, "+json" is 5: at least one subtype char must precede "+json".
  return essence.length > 17 && essence.startsWith("application/") && essence.endsWith("+json");
}
