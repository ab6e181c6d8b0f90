/**
 * Which columns a CHECK constraint is about. SQLite and MySQL report only the constraint's name
 * (or its expression); the columns are the table's column names that occur as identifiers in
 * the constraint's expression.
 * @module
 */

/** Names from `columns` used in `expression`, in table order. Quoted names count. */
export function columnsInExpression(expression: string, columns: readonly string[]): string[] {
  const words = new Set<string>();
  const re = /"((?:[^"]|"")+)"|`((?:[^`]|``)+)`|\[([^\]]+)\]|'(?:[^']|'')*'|([A-Za-z_][\w$]*)/g;
  for (const m of expression.matchAll(re)) {
    const name = m[1]?.replaceAll('""', '"') ?? m[2]?.replaceAll("``", "`") ?? m[3] ?? m[4];
    if (name !== undefined) words.add(name.toLowerCase());
  }
  return columns.filter((c) => words.has(c.toLowerCase()));
}

/**
 * The expression of `CONSTRAINT name CHECK (...)` in a CREATE TABLE text, with balanced
 * parentheses; `undefined` when the table has no such named constraint.
 */
export function namedCheckExpression(createSql: string, name: string): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(
    `constraint\\s+(?:"${escaped}"|\`${escaped}\`|\\[${escaped}\\]|${escaped})\\s+check\\s*\\(`,
    "i",
  );
  const m = re.exec(createSql);
  if (!m) return undefined;
  let depth = 1;
  const start = m.index + m[0].length;
  for (let i = start; i < createSql.length; i++) {
    const ch = createSql[i];
    if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return createSql.slice(start, i);
  }
  return undefined;
}
