/**
 * PostgreSQL integrity errors (SQLSTATE class 23) → `IntegrityError`. The server fills the
 * error's `table`, `constraint` and, for NOT NULL, `column` fields; the constrained columns come
 * from the catalog (pg_constraint, or pg_index for a unique index that is not a constraint),
 * with the `Key (a, b)=(…)` detail text as the fallback.
 *
 * The catalog is read on another pooled connection: the failed one may be inside a transaction
 * that PostgreSQL has aborted. When the pool has no free connection the look-up is skipped
 * rather than risk waiting on a connection this very transaction holds.
 * @module
 */
import type Pg from "pg";
import { type IntegrityDetails, IntegrityError, type IntegrityKind } from "./errors.ts";
import { unquote } from "./statement-table.ts";

const KINDS: Record<string, IntegrityKind> = {
  "23505": "unique",
  "23503": "foreign_key",
  "23502": "not_null",
  "23514": "check",
};

interface PgError {
  code?: string;
  table?: string;
  schema?: string;
  column?: string;
  constraint?: string;
  detail?: string;
}

const CATALOG = `
select a.attname as col, k.ord, p.relname as parent
from pg_constraint c
join pg_class t on t.oid = c.conrelid
join pg_namespace n on n.oid = t.relnamespace
left join pg_class p on p.oid = c.confrelid
cross join lateral unnest(c.conkey) with ordinality as k(attnum, ord)
join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
where c.conname = $1 and t.relname = $2 and n.nspname = $3
union all
select a.attname, k.ord, null
from pg_index x
join pg_class i on i.oid = x.indexrelid
join pg_class t on t.oid = x.indrelid
join pg_namespace n on n.oid = t.relnamespace
cross join lateral unnest(x.indkey::int2[]) with ordinality as k(attnum, ord)
join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
where i.relname = $1 and t.relname = $2 and n.nspname = $3
  and not exists (select 1 from pg_constraint c2 where c2.conindid = i.oid)
order by 2`;

/** The IntegrityError for a `pg` error, or `undefined` when it is not one. */
export async function postgresIntegrityError(
  err: unknown,
  pool: Pg.Pool,
): Promise<IntegrityError | undefined> {
  const e = err as PgError;
  const kind = typeof e?.code === "string" ? KINDS[e.code] : undefined;
  if (kind === undefined) return undefined;
  let columns: string[] = e.column ? [e.column] : [];
  let referencedTable: string | undefined;
  if (e.constraint && e.table && kind !== "not_null") {
    const found = await lookup(pool, e.constraint, e.table, e.schema ?? "public");
    if (found) {
      columns = found.columns;
      referencedTable = found.parent;
    }
  }
  if (columns.length === 0 && e.detail) columns = detailColumns(e.detail);
  if (kind === "foreign_key" && referencedTable === undefined && e.detail)
    referencedTable = /is not present in table "((?:[^"]|"")+)"/.exec(e.detail)?.[1];
  const details: IntegrityDetails = {
    kind,
    table: e.table,
    columns,
    constraint: e.constraint,
    referencedTable,
  };
  return new IntegrityError(details, err);
}

async function lookup(
  pool: Pg.Pool,
  constraint: string,
  table: string,
  schema: string,
): Promise<{ columns: string[]; parent: string | undefined } | undefined> {
  if (pool.idleCount === 0 && pool.totalCount >= (pool.options.max ?? 10)) return undefined;
  try {
    const res = await pool.query<{ col: string; parent: string | null }>(CATALOG, [
      constraint,
      table,
      schema,
    ]);
    if (res.rows.length === 0) return undefined;
    return { columns: res.rows.map((r) => r.col), parent: res.rows[0]?.parent ?? undefined };
  } catch {
    return undefined;
  }
}

/** `Key (a, "b c")=(1, 2) already exists.` → ["a", "b c"]; expressions are skipped. */
function detailColumns(detail: string): string[] {
  const list = /^Key \((.*?)\)=\(/.exec(detail)?.[1];
  if (list === undefined) return [];
  return list
    .split(", ")
    .map((c) => unquote(c.trim()))
    .filter((c) => /^[^()]+$/.test(c));
}
