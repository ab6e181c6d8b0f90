/**
 * Plain data as readable TypeScript source, for the migration writer: identifier keys unquoted,
 * short objects on one line.
 * @module
 */
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function tsLiteral(value: unknown, indent = ""): string {
  if (value === undefined) return "undefined";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((v) => tsLiteral(v, inner));
    const flat = `[${items.join(", ")}]`;
    return flat.length <= 80 && !flat.includes("\n")
      ? flat
      : `[\n${items.map((i) => `${inner}${i},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  const items = entries.map(
    ([k, v]) => `${IDENT.test(k) ? k : JSON.stringify(k)}: ${tsLiteral(v, inner)}`,
  );
  const flat = `{ ${items.join(", ")} }`;
  if (items.length === 0) return "{}";
  return flat.length <= 80 && !flat.includes("\n")
    ? flat
    : `{\n${items.map((i) => `${inner}${i},`).join("\n")}\n${indent}}`;
}
