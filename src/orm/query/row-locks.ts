/**
 * `selectForUpdate()`: `SELECT ... FOR UPDATE` (optionally `NOWAIT` or `SKIP LOCKED`) on
 * PostgreSQL and MySQL/MariaDB. SQLite has no row locks (a write transaction locks the whole
 * database), so there, as in Django, the clause is left out.
 *
 * On PostgreSQL, when the query joins other tables (`selectRelated`, ordering across relations),
 * only the queryset's own table is locked (`FOR UPDATE OF`): PostgreSQL refuses to lock the
 * nullable side of a LEFT JOIN, and the rows asked for are the queryset's.
 * @module
 */
import type { SelectQueryBuilder } from "kysely";
import type { DialectName } from "../db/index.ts";
import type { SelectSpec } from "./statements.ts";

export type RowLock = "update" | "nowait" | "skipLocked";

type AnySelect = SelectQueryBuilder<any, any, any>;

export function withLock(q: AnySelect, spec: SelectSpec, dialect: DialectName): AnySelect {
  if (spec.lock === undefined || dialect === "sqlite") return q;
  const joined = (spec.joins?.length ?? 0) > 0 || spec.order.some((k) => k.includes("."));
  let out = dialect === "postgres" && joined ? q.forUpdate([spec.meta.table]) : q.forUpdate();
  if (spec.lock === "nowait") out = out.noWait();
  if (spec.lock === "skipLocked") out = out.skipLocked();
  return out;
}
