/**
 * `node bench/types.ts [--models N]`: how much work the ORM's types give the type-checker. It
 * generates a schema of N models (100 by default) and code using them into a temporary
 * directory, type-checks it with `tsc --extendedDiagnostics` against this repository's
 * settings, and prints the instantiation count and check time, next to a baseline that only
 * imports the ORM (so the figure per model can be read off).
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { parseInstantiations, schemaSource, useSource } from "./types-schema.ts";

const ROOT = join(import.meta.dirname, "..");
// Imported by a relative path: TypeScript rewrites only relative `.ts` imports.
const ORM = join(ROOT, "src", "orm", "index.ts");

interface Check {
  instantiations: number | undefined;
  checkTime: string;
}

function check(models: number): Check {
  const dir = mkdtempSync(join(tmpdir(), "flg-types-"));
  try {
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
    writeFileSync(join(dir, "schema.ts"), schemaSource(models, relative(dir, ORM)));
    writeFileSync(join(dir, "use.ts"), useSource(models));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        extends: join(ROOT, "tsconfig.json"),
        compilerOptions: { typeRoots: [join(ROOT, "node_modules", "@types")] },
        include: [join(dir, "*.ts")],
      }),
    );
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", dir, "--extendedDiagnostics"], {
      encoding: "utf8",
    });
    const out = `${r.stdout}${r.stderr}`;
    if (r.status !== 0)
      throw new Error(`tsc failed on the generated schema:\n${out.slice(0, 2000)}`);
    return {
      instantiations: parseInstantiations(out),
      checkTime: /^Check time:\s+(\S+)/m.exec(out)?.[1] ?? "?",
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const { values } = parseArgs({ options: { models: { type: "string", default: "100" } } });
const n = Number(values.models);
const base = check(0);
const full = check(n);
const per =
  base.instantiations !== undefined && full.instantiations !== undefined && n > 0
    ? Math.round((full.instantiations - base.instantiations) / n)
    : undefined;
process.stdout.write(
  `| schema | instantiations | check time |\n| --- | ---: | ---: |\n` +
    `| import only | ${base.instantiations?.toLocaleString("en-US")} | ${base.checkTime} |\n` +
    `| ${n} models, used | ${full.instantiations?.toLocaleString("en-US")} | ${full.checkTime} |\n` +
    (per === undefined ? "" : `\nabout ${per.toLocaleString("en-US")} instantiations per model\n`),
);
