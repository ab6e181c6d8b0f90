/**
 * Compile-time scopes. A `Frame` maps template names to the JS variables that hold them;
 * names no frame binds are read from the render context at run time. Frames follow Jinja2's
 * scoping: `for`, `with`, macro, call, filter and block bodies open a new frame, so a `set`
 * inside a loop does not leak out, while `if` shares its parent's frame.
 * @module
 */
import { type Node, targetNames } from "./ast.ts";

export class Frame {
  readonly parent: Frame | null;
  readonly names = new Map<string, string>();
  /** True for a template's top level, whose assignments go to the context (and are exported). */
  readonly toplevel: boolean;

  constructor(parent: Frame | null, toplevel = false) {
    this.parent = parent;
    this.toplevel = toplevel;
  }

  lookup(name: string): string | undefined {
    for (let f: Frame | null = this; f; f = f.parent) {
      const v = f.names.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** Every (name, JS variable) visible here, innermost first: the locals an include sees. */
  visible(): Map<string, string> {
    const out = new Map<string, string>();
    for (let f: Frame | null = this; f; f = f.parent) {
      for (const [k, v] of f.names) if (!out.has(k)) out.set(k, v);
    }
    return out;
  }
}

/** Names that statements in `body` assign in the frame that holds `body` (not in inner frames). */
export function assignedNames(body: Node[], into: Set<string> = new Set()): Set<string> {
  for (const n of body) {
    switch (n.type) {
      case "Assign":
      case "AssignBlock":
        for (const t of targetNames(n.target)) into.add(t);
        break;
      case "Macro":
        into.add(n.name);
        break;
      case "Import":
        into.add(n.target);
        break;
      case "FromImport":
        for (const [, alias] of n.names) into.add(alias);
        break;
      case "If":
        assignedNames(n.body, into);
        assignedNames(n.else_, into);
        break;
      case "Autoescape":
        assignedNames(n.body, into);
        break;
    }
  }
  return into;
}
