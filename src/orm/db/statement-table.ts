/**
 * The table a write statement targets, read from its text. SQLite and MySQL leave the table out
 * of some constraint errors ("NOT NULL constraint failed" names it, MySQL's "Column 'x' cannot
 * be null" does not); for the single-table INSERT/UPDATE/DELETE statements Flagon generates, the
 * statement's own target is the table that failed.
 * @module
 */

// A quoted ("x", `x`, [x]) or bare name, optionally schema-qualified.
const NAME = String.raw`(?:"(?:[^"]|"")+"|\x60(?:[^\x60]|\x60\x60)+\x60|\[[^\]]+\]|[\w$]+)`;
const QNAME = `(${NAME}(?:\\s*\\.\\s*${NAME})?)`;
const PATTERNS = [
  new RegExp(
    String.raw`^\s*(?:with\b[\s\S]*?\)\s*)?(?:insert|replace)\s+(?:or\s+\w+\s+)?(?:ignore\s+)?into\s+${QNAME}`,
    "i",
  ),
  new RegExp(
    String.raw`^\s*(?:with\b[\s\S]*?\)\s*)?update\s+(?:or\s+\w+\s+)?(?:only\s+)?${QNAME}`,
    "i",
  ),
  new RegExp(String.raw`^\s*(?:with\b[\s\S]*?\)\s*)?delete\s+from\s+(?:only\s+)?${QNAME}`, "i"),
];

/** The unquoted target table of an INSERT/REPLACE/UPDATE/DELETE, or `undefined`. */
export function statementTable(text: string): string | undefined {
  for (const re of PATTERNS) {
    const m = re.exec(text);
    if (m?.[1]) return lastPart(m[1]);
  }
  return undefined;
}

/** `"main"."book"` → `book`; the schema is dropped, as the backends' own messages do. */
function lastPart(qualified: string): string {
  const parts = qualified.match(new RegExp(NAME, "g")) ?? [qualified];
  return unquote(parts[parts.length - 1]!);
}

/** Strip one level of identifier quoting. */
export function unquote(name: string): string {
  const first = name[0];
  if (first === '"' || first === "`") return name.slice(1, -1).replaceAll(first + first, first);
  if (first === "[") return name.slice(1, -1);
  return name;
}
