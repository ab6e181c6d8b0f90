/**
 * Reading a multi-table child (`extends: Place`): its rows live in two tables (the parent's and
 * its own), so wherever a SELECT reads the child's table (FROM, a join, a subquery of a filter,
 * an aggregate), this Kysely plugin puts in its place a derived table under the same name:
 *
 *   (select p.id, p.name, c.place_ptr_id, c.serves_pizza
 *      from app_restaurant as c inner join app_place as p on p.id = c.place_ptr_id) as app_restaurant
 *
 * so every `app_restaurant.<column>` the compiler writes, the parent's columns included, reads
 * that row. Doing it once here, on the built query, keeps the compilers of filters, ordering,
 * `values()`, annotations and relations unaware of inheritance; the three databases merge such
 * a derived table into the outer query (no temporary copy). DELETE, UPDATE and INSERT name the
 * child's own table and are left alone: writes go table by table (see model/inherited-save.ts).
 * The rewrite runs only when a shape is first compiled (see shape-cache.ts).
 * @module
 */
import {
  type AliasNode,
  type DeleteQueryNode,
  expressionBuilder,
  type FromNode,
  IdentifierNode,
  type JoinNode,
  type KyselyPlugin,
  type OperationNode,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RawNode,
  type RootOperationNode,
  type SelectQueryNode,
  type TableNode,
  type UnknownRow,
} from "kysely";
import type { ModelMeta } from "../model/meta.ts";

/** Declared multi-table children by their table name. */
const children = new Map<string, ModelMeta>();
const derived = new WeakMap<ModelMeta, SelectQueryNode>();

/** Make SELECTs of `meta`'s table read the joined parent and child rows (called by `model()`). */
export function registerChildTable(meta: ModelMeta): void {
  children.set(meta.table, meta);
}

/** The child model whose table is `table`, if any. */
export function childOfTable(table: string): ModelMeta | undefined {
  return children.get(table);
}

type AnyEb = ReturnType<typeof expressionBuilder<any, any>>;

/** The SELECT joining the child's table to its parent's (the parent itself derived if a child). */
function derivedQuery(meta: ModelMeta): {
  as(alias: string): unknown;
  toOperationNode(): SelectQueryNode;
} {
  const eb: AnyEb = expressionBuilder<any, any>();
  const parent = meta.parent!.meta;
  const local = meta.local!;
  const from: unknown =
    parent.parent !== undefined
      ? derivedQuery(parent).as("flagon_p")
      : `${parent.table} as flagon_p`;
  // `any`: the tables are known only at run time.
  const q = eb.selectFrom(`${local.table} as flagon_c`) as any;
  return q
    .innerJoin(from, `flagon_p.${parent.pk.column}`, `flagon_c.${local.pk.column}`)
    .select([
      ...parent.fields.map((f) => `flagon_p.${f.column}`),
      ...local.fields.map((f) => `flagon_c.${f.column}`),
    ]);
}

function derivedNode(meta: ModelMeta): SelectQueryNode {
  const hit = derived.get(meta);
  if (hit !== undefined) return hit;
  const node = derivedQuery(meta).toOperationNode();
  derived.set(meta, node);
  return node;
}

function childOf(node: OperationNode): ModelMeta | undefined {
  if (node.kind !== "TableNode") return undefined;
  const t = node as TableNode;
  if (t.table.schema !== undefined) return undefined;
  return children.get(t.table.identifier.name);
}

/** `child` or `child as a` → the derived table under the same name. */
function swapped(node: OperationNode): OperationNode | undefined {
  if (node.kind === "AliasNode") {
    const a = node as AliasNode;
    const meta = childOf(a.node);
    if (meta === undefined) return undefined;
    const out: AliasNode = { ...a, node: derivedNode(meta) };
    return out;
  }
  const meta = childOf(node);
  if (meta === undefined) return undefined;
  const alias: AliasNode = {
    kind: "AliasNode",
    node: derivedNode(meta),
    alias: IdentifierNode.create(meta.table),
  };
  return alias;
}

class SwapChildTables extends OperationNodeTransformer {
  protected override transformFrom(node: FromNode, queryId?: QueryId): FromNode {
    return {
      kind: "FromNode",
      froms: node.froms.map((n) => swapped(n) ?? this.transformNode(n, queryId)),
    };
  }

  protected override transformJoin(node: JoinNode, queryId?: QueryId): JoinNode {
    const done = super.transformJoin(node, queryId);
    const table = swapped(node.table);
    return table === undefined ? done : { ...done, table };
  }

  /** `delete from child` stays on the child's own table; its subqueries are rewritten. */
  protected override transformDeleteQuery(node: DeleteQueryNode, queryId?: QueryId) {
    return { ...super.transformDeleteQuery(node, queryId), from: node.from };
  }

  /** `sql.table(child)` in raw SQL (`from ${table} as x`) becomes the parenthesized SELECT. */
  protected override transformRaw(node: RawNode, queryId?: QueryId): RawNode {
    const done = super.transformRaw(node, queryId);
    return {
      ...done,
      parameters: done.parameters.map((p) => {
        const meta = childOf(p);
        return meta === undefined ? p : derivedNode(meta);
      }),
    };
  }
}

/** The plugin of every compile-only builder (a no-op until a child model is declared). */
export class InheritedTables implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (children.size === 0) return args.node;
    return new SwapChildTables().transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
