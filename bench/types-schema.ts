/**
 * The generated schema of `bench/types.ts`: `n` models, each with five typed fields and a
 * foreign key to the one before, and a use file that filters, creates and reads each, as a
 * project's code would (declarations alone leave most of the ORM's types unexercised).
 * @module
 */

/** The models file, importing the ORM from `ormPath`. */
export function schemaSource(n: number, ormPath: string): string {
  const lines = [`import { f, model } from ${JSON.stringify(ormPath)};`, ""];
  for (let i = 0; i < n; i++) {
    const fk =
      i === 0
        ? ""
        : `\n  parent: f.foreignKey(() => M${i - 1}, { onDelete: "cascade", null: true }),`;
    lines.push(
      `export const M${i} = model("gen.M${i}", {
  name: f.string({ maxLength: 100 }),
  count: f.int({ default: 0 }),
  price: f.decimal({ maxDigits: 8, decimalPlaces: 2, null: true }),
  at: f.datetime({ null: true }),
  live: f.boolean({ default: false }),${fk}
});`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The use file: one query, one create and one read per model. */
export function useSource(n: number): string {
  const names = Array.from({ length: n }, (_, i) => `M${i}`);
  const lines = [
    `import { ${names.join(", ")} } from "./schema.ts";`,
    "",
    "export async function use(): Promise<number> {",
    "  let total = 0;",
  ];
  for (const m of names) {
    lines.push(
      `  { const rows = await ${m}.objects.filter({ count: { gte: 1 }, name: { icontains: "a" } }).orderBy("-count").slice(0, 10);`,
      `    const made = await ${m}.objects.create({ name: "x" });`,
      `    total += rows.length + made.count; }`,
    );
  }
  lines.push("  return total;", "}", "");
  return lines.join("\n");
}

/** The instantiation count from `tsc --extendedDiagnostics` output, or undefined. */
export function parseInstantiations(out: string): number | undefined {
  const m = /^Instantiations:\s+([\d,]+)/m.exec(out);
  return m === null ? undefined : Number(m[1]!.replaceAll(",", ""));
}
