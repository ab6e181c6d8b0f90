/**
 * `F()` across relations in a filter: `{ pubDate: { gt: F("question.pubDate") } }`. A filter
 * follows relations with subqueries (`author_id in (select id from author where ...)`), never
 * with joins, so an `F` path does too: each relation it walks is one correlated `in (select ...)`
 * level (a "join" node), its table aliased `fj<n>` so the row the comparison starts from (named
 * by its own table or alias) is never shadowed, also when the path comes back to that table.
 *
 * Within one filter object the relations walked are shared, as the joins of one Django
 * `filter()` call are: two `F` paths through `choices` read the same related row, and a relation
 * key of the same object (`{ choices: { votes: 0 }, ... F("choices.created") }`) is parsed
 * inside that same subquery instead of its own. The walked relations form a tree; its levels are
 * nested in tree order and every condition that reads them goes in the innermost, where all of
 * the aliases are in scope. OR/AND/NOT branches and nested relation filters get their own tree.
 * @module
 */
import { ERR_ORM_QUERY, ormError } from "../model/errors.ts";
import type { FieldMeta, ModelMeta } from "../model/meta.ts";
import { modelOf } from "../model/registry.ts";
import { relationsOf } from "../model/relations.ts";
import { ownField, PATH_SEP } from "./expressions.ts";
import type { Node } from "./node.ts";

/** One `from.col in (select alias.key from table as alias where ...)` level. */
export interface JoinLevel {
  readonly from: string;
  readonly col: string;
  readonly table: string;
  readonly alias: string;
  readonly key: string;
}

/** A relation walked from a scope: one level, or two for a many-to-many (through, target). */
export interface Hop {
  readonly levels: readonly JoinLevel[];
  /** The other model's row, as the scope its own relation keys and paths continue from. */
  readonly scope: Scope;
  /** Multi-valued: its key in a filter may be a related key, compared on `keyTable.keyField`. */
  readonly keyTable: string;
  readonly keyField: FieldMeta;
}

/** The counter of aliases, one per top-level filter so shape keys stay deterministic. */
export interface AliasCounter {
  n: number;
}

/** The conditions that read a tree of hops, emitted by the scope that owns the tree. */
export interface Chain {
  readonly conds: Node[];
}

/** A model's row as a filter object sees it: its table or alias, and the relations walked. */
export interface Scope {
  readonly meta: ModelMeta;
  readonly self: string;
  readonly hops: Map<string, Hop>;
  readonly chain: Chain;
  readonly aliases: AliasCounter;
  /** The model a foreign key points at. */
  readonly target: (f: FieldMeta) => ModelMeta;
}

/** A scope with a tree of its own (a top-level filter, an OR branch, a nested subquery). */
export function freshScope(
  meta: ModelMeta,
  self: string,
  aliases: AliasCounter,
  target: (f: FieldMeta) => ModelMeta,
): Scope {
  return { meta, self, hops: new Map(), chain: { conds: [] }, aliases, target };
}

function nextAlias(s: Scope): string {
  s.aliases.n += 1;
  return `fj${s.aliases.n}`;
}

/** The hop `name` from `s` (made on first use), or undefined when `name` is no relation. */
export function hopOf(s: Scope, name: string): Hop | undefined {
  const known = s.hops.get(name);
  if (known !== undefined) return known;
  const hop = makeHop(s, name);
  if (hop !== undefined) s.hops.set(name, hop);
  return hop;
}

function makeHop(s: Scope, name: string): Hop | undefined {
  const sub = (meta: ModelMeta, self: string): Scope => ({
    meta,
    self,
    hops: new Map(),
    chain: s.chain,
    aliases: s.aliases,
    target: s.target,
  });
  const fk = s.meta.byName.get(name);
  if (fk !== undefined && fk.spec.kind === "foreignKey") {
    const t = s.target(fk);
    const alias = nextAlias(s);
    const level = { from: s.self, col: fk.column, table: t.table, alias, key: t.pk.column };
    return { levels: [level], scope: sub(t, alias), keyTable: alias, keyField: t.pk };
  }
  if (fk !== undefined) return undefined;
  const model = modelOf(s.meta);
  const rel = model === undefined ? undefined : relationsOf(model).get(name);
  if (rel === undefined) return undefined;
  const through = rel.through.meta;
  const first = nextAlias(s);
  const l1 = {
    from: s.self,
    col: s.meta.pk.column,
    table: through.table,
    alias: first,
    key: rel.src.column,
  };
  if (rel.dst === undefined)
    return { levels: [l1], scope: sub(through, first), keyTable: first, keyField: through.pk };
  const other = rel.target.meta;
  const alias = nextAlias(s);
  const l2 = { from: first, col: rel.dst.column, table: other.table, alias, key: other.pk.column };
  return { levels: [l1, l2], scope: sub(other, alias), keyTable: first, keyField: rel.dst };
}

/** What a reference reads, and whether it walked a relation (so it belongs in the chain). */
export interface RefColumn {
  readonly table: string;
  readonly f: FieldMeta;
  readonly joined: boolean;
}

/**
 * Resolve `F(ref)` from `s`: each segment but the last is a relation, the last a field of the
 * model reached. A path ending on the key of a forward foreign key's target reads the foreign
 * key's own column (`F("author.id")` is `author_id`), with no subquery.
 */
export function refColumn(s: Scope, ref: string): RefColumn {
  const parts = ref.split(PATH_SEP);
  const last = parts.pop()!;
  let at = s;
  let joined = false;
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i]!;
    const fk = at.meta.byName.get(name);
    if (i === parts.length - 1 && fk?.spec.kind === "foreignKey") {
      const t = at.target(fk);
      const pk = ownField(t, last);
      if (pk !== undefined && pk === t.pk) return { table: at.self, f: fk, joined };
    }
    const hop = name === "" ? undefined : hopOf(at, name);
    if (hop === undefined)
      throw ormError(
        ERR_ORM_QUERY,
        `F("${ref}"): ${at.meta.label} has no relation "${name}" (a foreign key, one-to-one, reverse or many-to-many relation)`,
      );
    at = hop.scope;
    joined = true;
  }
  const f = ownField(at.meta, last);
  if (f === undefined)
    throw ormError(
      ERR_ORM_QUERY,
      parts.length === 0
        ? `F("${ref}"): ${at.meta.label} has no such field`
        : `F("${ref}"): ${at.meta.label} has no field "${last}"`,
    );
  return { table: at.self, f, joined };
}

/** The levels of a tree of hops, parents before children. */
function levelsOf(hops: ReadonlyMap<string, Hop>, out: JoinLevel[]): JoinLevel[] {
  for (const hop of hops.values()) {
    out.push(...hop.levels);
    levelsOf(hop.scope.hops, out);
  }
  return out;
}

/** The owner's tree as nested "join" nodes with the chain's conditions innermost. */
export function chainNode(s: Scope): Node {
  let node: Node = { t: "and", items: s.chain.conds };
  const levels = levelsOf(s.hops, []);
  for (let i = levels.length - 1; i >= 0; i--) node = { t: "join", ...levels[i]!, where: node };
  return node;
}
