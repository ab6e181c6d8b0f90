/**
 * Plain data as readable TypeScript source, for the migration writer: identifier keys unquoted,
 * short objects on one line; an `F()` in a constraint's condition as the call that makes it.
 * @module
 */
import { Expr } from "../orm/index.ts";

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function tsLiteral(value: unknown, indent = ""): string {
  if (value === undefined) return "undefined";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (value instanceof Expr) return exprCode(value);
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

const METHODS = { "+": "add", "-": "sub", "*": "mul", "/": "div" } as const;

/** `F("a").add(1)`: an expression as the calls that build it (the writer imports `F`). */
function exprCode(x: Expr): string {
  const t = x.tree;
  if ("ref" in t) return `F(${JSON.stringify(t.ref)})`;
  const r = t.r instanceof Expr ? exprCode(t.r) : JSON.stringify(t.r);
  return `${exprCode(t.l as Expr)}.${METHODS[t.op]}(${r})`;
}
