/**
 * Generated code that copies one result row into a new instance: one statement per field, each
 * storing under a constant property name. The generic loop (`obj[f.attr] = ...`) stores under a
 * variable name, and one such site shared by every model of an app goes megamorphic: about a
 * thousand instructions per field, the larger part of turning a short result into instances
 * (callgrind, TechEmpower's fortunes page). Only for a model's full field list, made once per
 * model and dialect, so the code is generated a bounded number of times.
 * @module
 */
import type { DialectName, Row } from "../db/index.ts";
import { convertsFromDb, fromDb } from "./convert.ts";
import type { FieldMeta } from "./meta.ts";

export type RowFill = (proto: object, raw: Row) => Record<string, unknown>;

/** The fill function for `fields`, or undefined when a name could not be a plain store. */
export function compileRowFill(
  fields: readonly FieldMeta[],
  dialect: DialectName,
): RowFill | undefined {
  // `__proto__` as a store would set the prototype; such a field takes the generic loop.
  if (fields.some((f) => f.attr === "__proto__")) return undefined;
  // Names go in as JSON string literals: nothing in a field or column name can become code.
  // A kind `fromDb` leaves alone is copied without the call (`?? null`: its only change).
  const body = fields
    .map((f, i) => {
      const value = `raw[${JSON.stringify(f.column)}]`;
      return `o[${JSON.stringify(f.attr)}] = ${
        convertsFromDb(f) ? `convert(fields[${i}], ${value}, dialect)` : `${value} ?? null`
      };`;
    })
    .join("\n");
  const make = new Function(
    "convert",
    "fields",
    "dialect",
    `"use strict";\nreturn function fill(proto, raw) {\nconst o = Object.create(proto);\n${body}\nreturn o;\n};`,
  ) as (c: typeof fromDb, f: readonly FieldMeta[], d: DialectName) => RowFill;
  return make(fromDb, fields, dialect);
}
