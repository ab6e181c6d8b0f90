/**
 * Loading the differential cases and decoding their tagged-JSON contexts into the values the
 * engine sees (see scripts/jinja-expected.py for the format, shared with the Python side).
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DictLoader, Environment, Markup, PyFloat, tuple } from "../../src/templates/index.ts";

export interface Case {
  key: string;
  name: string;
  templates: Record<string, string>;
  entry: string;
  context: unknown;
  options: {
    autoescape?: boolean;
    trim_blocks?: boolean;
    lstrip_blocks?: boolean;
    keep_trailing_newline?: boolean;
    strict?: boolean;
    /** Jinja2 extensions by short name (`do`, `loopcontrols`). */
    extensions?: Array<"do" | "loopcontrols">;
  };
}

export const CASES_DIR = join(import.meta.dirname, "cases");

export function loadCases(): Case[] {
  const out: Case[] = [];
  for (const file of readdirSync(CASES_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const group = file.slice(0, -5);
    for (const raw of JSON.parse(readFileSync(join(CASES_DIR, file), "utf8")) as unknown[]) {
      const c = Array.isArray(raw)
        ? {
            name: raw[0],
            templates: { "main.html": raw[1] },
            context: raw[2] ?? {},
            options: raw[3] ?? {},
          }
        : (raw as Omit<Case, "key" | "entry"> & { entry?: string });
      out.push({
        key: `${group}/${c.name}`,
        name: c.name,
        templates: c.templates,
        entry: (c as { entry?: string }).entry ?? "main.html",
        context: c.context ?? {},
        options: c.options ?? {},
      });
    }
  }
  return out;
}

export function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v && typeof v === "object") {
    const keys = Object.keys(v);
    const o = v as Record<string, unknown>;
    if (keys.length === 1) {
      const k = keys[0]!;
      if (k === "$float") return Number.isInteger(o[k]) ? new PyFloat(o[k] as number) : o[k];
      if (k === "$markup") return new Markup(o[k] as string);
      if (k === "$tuple") return tuple((o[k] as unknown[]).map(decode));
      if (k === "$dict")
        return new Map((o[k] as [unknown, unknown][]).map(([a, b]) => [decode(a), decode(b)]));
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = decode(o[k]);
    return out;
  }
  return v;
}

export function environmentFor(c: Case): Environment {
  return new Environment({
    loader: new DictLoader(c.templates),
    autoescape: c.options.autoescape ?? true,
    trimBlocks: c.options.trim_blocks ?? false,
    lstripBlocks: c.options.lstrip_blocks ?? false,
    keepTrailingNewline: c.options.keep_trailing_newline ?? false,
    strictUndefined: c.options.strict ?? false,
    extensions: c.options.extensions ?? [],
  });
}
