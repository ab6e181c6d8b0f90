/**
 * Structural equality of plain data (field definitions, index definitions), key order ignored:
 * what "unchanged" means to the autodetector, and "same field under a new name" to renames.
 * @module
 */
function canonical(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(",")}}`;
}

export function equal(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}
