/**
 * `json.dumps` as Python writes it (`", "` and `": "` separators, sorted keys, ASCII only),
 * then made safe for HTML and `<script>`: `< > & '` become `\u003c \u003e \u0026 \u0027`.
 * This is Jinja2's `tojson`.
 * @module
 */
import { typeError } from "./errors.ts";
import { isMarkup } from "./markup.ts";
import { typeName } from "./operators.ts";
import { floatRepr, intStr } from "./py-str.ts";
import { isMapping, mappingEntries, PyFloat } from "./values.ts";

function jsonStr(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (c < 0x20 || c > 0x7e) {
      for (let i = 0; i < ch.length; i++)
        out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}

function keyStr(k: unknown): string {
  if (typeof k === "string") return k;
  if (typeof k === "number") return Number.isInteger(k) ? intStr(k) : floatRepr(k);
  if (k === null) return "null";
  if (typeof k === "boolean") return k ? "true" : "false";
  throw typeError(`keys must be str, int, float, bool or None, not ${typeName(k)}`);
}

export function pyJson(v: unknown, indent: number | null, level = 0): string {
  if (v === null) return "null";
  if (v === true) return "true";
  if (v === false) return "false";
  if (typeof v === "string") return jsonStr(v);
  if (isMarkup(v)) return jsonStr(v.__html__());
  if (typeof v === "number") {
    if (Number.isInteger(v)) return intStr(v);
    if (Number.isNaN(v)) return "NaN";
    if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
    return floatRepr(v);
  }
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (typeof v === "bigint") return v.toString();
  const nl = indent === null ? "" : `\n${" ".repeat(indent * (level + 1))}`;
  const end = indent === null ? "" : `\n${" ".repeat(indent * level)}`;
  const sep = indent === null ? ", " : ",";
  if (Array.isArray(v)) {
    if (!v.length) return "[]";
    return `[${nl}${v.map((x) => pyJson(x, indent, level + 1)).join(sep + nl)}${end}]`;
  }
  if (isMapping(v)) {
    const entries = mappingEntries(v).map(([k, x]) => [keyStr(k), x] as const);
    if (!entries.length) return "{}";
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const parts = entries.map(([k, x]) => `${jsonStr(k)}: ${pyJson(x, indent, level + 1)}`);
    return `{${nl}${parts.join(sep + nl)}${end}}`;
  }
  throw typeError(`Object of type ${typeName(v)} is not JSON serializable`);
}

export function htmlSafeJson(v: unknown, indent: number | null): string {
  return pyJson(v, indent)
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("'", "\\u0027");
}
