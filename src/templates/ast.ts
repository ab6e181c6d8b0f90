/**
 * The template AST. Nodes are plain objects tagged by `type`, with the line and column where they
 * start. The field names follow Jinja2's nodes (`For.target`, `If.else_` ...), so the shapes are
 * familiar to anyone who has read its compiler; the code generator is the only consumer.
 * @module
 */

export interface Node {
  type: string;
  line: number;
  col: number;
  // Node fields vary by type (`For.target`, `If.else_` ...); the code generator knows each shape.
  [field: string]: any;
}

export function node(
  type: string,
  at: { line: number; col: number },
  fields: Record<string, unknown> = {},
): Node {
  return { type, line: at.line, col: at.col, ...fields };
}

/** Every name read (`Name` in load position) anywhere under `n`, nested macros included. */
export function namesRead(n: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(n)) {
    for (const x of n) namesRead(x, into);
  } else if (n && typeof n === "object" && typeof (n as Node).type === "string") {
    const nd = n as Node;
    if (nd.type === "Name" && nd.ctx !== "store") into.add(nd.name);
    for (const k of Object.keys(nd)) if (k !== "type") namesRead(nd[k], into);
  }
  return into;
}

/** Names a target (`x`, `a, b`) binds. */
export function targetNames(target: Node): string[] {
  if (target.type === "Name") return [target.name];
  if (target.type === "Tuple") return target.items.flatMap((t: Node) => targetNames(t));
  if (target.type === "NSRef") return [];
  return [];
}
