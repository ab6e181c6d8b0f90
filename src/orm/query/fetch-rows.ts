/**
 * Running a queryset's SELECT and turning the result rows into what its mode asks for:
 * instances (with `selectRelated` joins attached and `prefetchRelated` relations loaded), plain
 * objects, tuples or bare values. Also `explain()`, which runs the same SELECT under EXPLAIN.
 * @module
 */
import type { Connection, Database, DialectName, Row } from "../db/index.ts";
import { fromDb } from "../model/convert.ts";
import { ERR_ORM_STATE, ormError } from "../model/errors.ts";
import { hydrator } from "../model/instance.ts";
import { type Probe, probeStatement } from "./fast-lookup.ts";
import { prefetch } from "./prefetch.ts";
import { type State, stateDb } from "./query-state.ts";
import { attachJoined } from "./select-related.ts";
import { compileSelect, type SelectSpec } from "./statements.ts";

/** Run `spec` (the SELECT of state `s`, perhaps patched) and shape its rows by `s.mode`. */
export async function fetchRows(s: State, spec: SelectSpec): Promise<unknown[]> {
  const db = stateDb(s, false);
  // Without the await once the driver is open: a prefetch runs this twice per call.
  const conn = db.connectionNow() ?? (await db.connection());
  const dialect = conn.dialect.name;
  if (spec.lock !== undefined && dialect !== "sqlite" && !db.inAtomicBlock)
    throw ormError(ERR_ORM_STATE, "selectForUpdate() runs only inside atomic()");
  const { sql, params } = compileSelect(spec, dialect);
  const { rows } = await conn.query(sql, params);
  if (s.mode === "instances") {
    const make = hydrator(spec.meta, dialect, db, spec.columns);
    const objs: Record<string, unknown>[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) objs[i] = make(rows[i]!);
    const joins = spec.joins ?? [];
    if (joins.length > 0)
      for (let i = 0; i < objs.length; i++) attachJoined(objs[i]!, rows[i]!, joins, dialect, db);
    if (s.prefetch.length > 0) await prefetch(s.model, objs, s.prefetch, db);
    return objs;
  }
  return plainRows(s, spec, rows, dialect);
}

function plainRows(s: State, spec: SelectSpec, rows: Row[], dialect: DialectName): unknown[] {
  const cols = spec.columns;
  const mode = s.mode;
  return rows.map((r) => {
    if (mode === "flat") return fromDb(cols[0]!, r[cols[0]!.column], dialect);
    if (mode === "list") return cols.map((c) => fromDb(c, r[c.column], dialect));
    const o: Record<string, unknown> = {};
    for (const c of cols) o[c.attr] = fromDb(c, r[c.column], dialect);
    return o;
  });
}

/**
 * The rows of a `filter({ column: value })` state for terminal `op`, on the fast path. Chained
 * promises, no `async` frame: a pending query under load keeps fewer objects alive (see the
 * PostgreSQL driver's `run`). A synchronous throw (a bad value) reaches the caller as one:
 * `get()` turns it into a rejection in its `try`, `first()` by being async.
 */
export function fetchProbed(
  s: State,
  probe: Probe,
  op: string,
  spec: (s: State) => SelectSpec,
): Promise<unknown[]> {
  const db = stateDb(s, false);
  const now = db.connectionNow();
  if (now !== undefined) return probeRows(now, db, s, probe, op, spec);
  return db.connection().then((conn) => probeRows(conn, db, s, probe, op, spec));
}

function probeRows(
  conn: Connection,
  db: Database,
  s: State,
  probe: Probe,
  op: string,
  spec: (s: State) => SelectSpec,
): Promise<unknown[]> {
  const dialect = conn.dialect.name;
  const { sql, params } = probeStatement(probe, op, dialect, spec);
  return conn.query(sql, params).then(({ rows }) => {
    const meta = s.model.meta;
    const columns = s.columns ?? meta.fields;
    const make = hydrator(meta, dialect, db, columns);
    const out: unknown[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = make(rows[i]!);
    return out;
  });
}

/** The database's plan for `spec` as text (see `QuerySet.explain`). */
export async function explainRows(s: State, spec: SelectSpec): Promise<string> {
  const conn = await stateDb(s, false).connection();
  const { sql, params } = compileSelect(spec, conn.dialect.name);
  const prefix = conn.dialect.name === "sqlite" ? "explain query plan " : "explain ";
  const { rows } = await conn.query(prefix + sql, params);
  return rows
    .map((r) =>
      Object.values(r)
        .map((v) => (v === null ? "" : String(v)))
        .join(" "),
    )
    .join("\n");
}
