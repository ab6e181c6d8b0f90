/**
 * Parameters of a structured header value, `type; key=value; key="quoted value"` (RFC 9110
 * section 5.6.6). The boundary and the Content-Disposition parsers share it so both read quoting
 * the same way. Works on one header line, never on the body.
 * @module
 */

export interface HeaderParams {
  /** The leading value (`multipart/form-data`, `form-data`), trimmed and lower-cased. */
  value: string;
  /** Parameters in order, keys lower-cased; repeated keys are kept so callers can refuse them. */
  params: Array<[string, string]>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// An unquoted value: no whitespace, controls, quotes or separators. Non-ASCII is let through
// because some clients send raw UTF-8 file names unquoted.
const BARE_VALUE = /^[^\x00-\x20\x7f";]*$/;

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t";
}

/**
 * A quoted string starting at `start` (the opening quote). `\"` and `\\` are escapes (RFC 9110);
 * any other backslash is kept as is, because old browsers send Windows paths such as
 * `C:\dir\x.png` unescaped and the file name sanitiser must still see the separators.
 */
function readQuoted(s: string, start: number): [string, number] | undefined {
  let out = "";
  let from = start + 1;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '"') return [out + s.slice(from, i), i + 1];
    if (c === "\\" && (s[i + 1] === '"' || s[i + 1] === "\\")) {
      out += s.slice(from, i);
      from = i + 1;
      i++;
    }
  }
  return undefined;
}

/** Parse `header`; `undefined` when it is not well formed (unterminated quote, junk after a value). */
export function parseHeaderParams(header: string): HeaderParams | undefined {
  const semi = header.indexOf(";");
  const value = (semi === -1 ? header : header.slice(0, semi)).trim().toLowerCase();
  const params: Array<[string, string]> = [];
  let i = semi === -1 ? header.length : semi;
  while (i < header.length) {
    const c = header[i];
    if (c === ";" || isSpace(c)) {
      i++;
      continue;
    }
    const eq = header.indexOf("=", i);
    if (eq === -1) return undefined;
    const key = header.slice(i, eq).trim().toLowerCase();
    if (!TOKEN.test(key)) return undefined;
    i = eq + 1;
    while (isSpace(header[i])) i++;
    if (header[i] === '"') {
      const quoted = readQuoted(header, i);
      if (quoted === undefined) return undefined;
      i = quoted[1];
      while (isSpace(header[i])) i++;
      if (i < header.length && header[i] !== ";") return undefined;
      params.push([key, quoted[0]]);
    } else {
      const end = header.indexOf(";", i);
      const bare = header.slice(i, end === -1 ? header.length : end).trim();
      if (!BARE_VALUE.test(bare)) return undefined;
      params.push([key, bare]);
      i = end === -1 ? header.length : end;
    }
  }
  return { value, params };
}
