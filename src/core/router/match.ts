/**
 * The tree walk. Depth-first, in specificity order at every segment: static child, then converter
 * edges by rank, then greedy edges. A branch that fails deeper falls back to the next candidate.
 * The tree is a tree, so each node is entered at most once per walk: work is linear in the number
 * of nodes (times the capped segment length), never exponential. No allocation happens on the way
 * down except the param text itself; the caller builds the params object only on a hit.
 * @module
 */
import type { Node, Route } from "./node.ts";

/** Per-walk inputs that do not change with depth. */
export interface Walk {
  path: string;
  method: string;
  /** Param values by depth, reused across calls; only `[0, names.length)` is read on a hit. */
  values: unknown[];
  maxParamLength: number;
  /** Cap for greedy (`<path>`) params, which span segments and so need more room. */
  maxGreedyLength: number;
  /** Set by a walk: some route matches the path under another method. */
  pathHit: boolean;
  /** Set by a walk: the path's other trailing-slash form may match. */
  twin: boolean;
  /** Backtrack stack, reused: a node, and (position, param depth, next edge) per frame. */
  stackNodes: Node<unknown>[];
  stackNums: number[];
}

/** decodeURIComponent that reports malformed escapes as `undefined` instead of throwing. */
export function decodeSegment(raw: string): string | undefined {
  if (raw.indexOf("%") === -1) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** True when `key` occurs in `path` at `pos`; the caller has compared the first char. */
function sameAt(path: string, pos: number, key: string): boolean {
  for (let j = 1; j < key.length; j++) {
    if (path.charCodeAt(pos + j) !== key.charCodeAt(j)) return false;
  }
  return true;
}

/**
 * The index of the static child whose key is exactly the segment at `pos` (it must end at `/` or
 * at the end of the path), or -1. Compares in place: no slice, no hashing.
 */
function staticIndex<T>(node: Node<T>, path: string, pos: number): number {
  const first = node.staticFirst;
  if (first.length === 0) return -1;
  const c = path.charCodeAt(pos);
  const n = path.length;
  let i = 0;
  let stop = first.length;
  const range = node.staticRange;
  if (range !== null) {
    if (c >= 128) return -1;
    i = range[c]!;
    stop = range[c + 1]!;
  }
  for (; i < stop; i++) {
    if (first[i] !== c) continue;
    const key = node.staticKeys[i]!;
    const end = pos + key.length;
    if (end > n || (end !== n && path.charCodeAt(end) !== 47)) continue;
    if (sameAt(path, pos, key)) return i;
  }
  return -1;
}

/**
 * The route for the walk's method ending at `node`, or null; a miss notes what the slow road
 * needs: whether the path exists under another method (405), and whether the other
 * trailing-slash form might match (redirect). Both only cost anything on a miss.
 */
function endAt<T>(node: Node<T>, w: Walk): Route<T> | null {
  const route = node.routeFor(w.method);
  if (route === null) {
    if (node.methodNames.length !== 0) w.pathHit = true;
    if (node.emptyChild !== null) w.twin = true;
  }
  return route;
}

/**
 * The most specific route for `w.path` under `w.method`, or null. Iterative: the common case (no
 * alternative at any node) never touches the backtrack stack, and there are no calls per segment.
 */
export function walk<T>(root: Node<T>, w: Walk): Route<T> | null {
  const path = w.path;
  const n = path.length;
  const values = w.values;
  const max = w.maxParamLength;
  const stackNodes = w.stackNodes as Node<T>[];
  const stackNums = w.stackNums;
  let sp = 0;
  let node = root;
  let pos = 1;
  let depth = 0;
  // -1: entering `node` afresh (static child first); k >= 0: resume at param edge k.
  let edge = -1;
  let found: Route<T> | null;
  for (;;) {
    if (edge < 0) {
      edge = 0;
      if (pos === n) {
        // An empty last segment: only a trailing-slash route can match it.
        const empty = node.emptyChild;
        if (empty !== null && (found = endAt(empty, w)) !== null) return found;
        // The same path without its trailing slash ends here: the miss handling may redirect.
        if (node.methodNames.length !== 0 || node.all !== null) w.twin = true;
      } else {
        const at = staticIndex(node, path, pos);
        if (at !== -1) {
          const end = pos + node.staticKeys[at]!.length;
          const child = node.staticNodes[at]!;
          if (end === n) {
            if ((found = endAt(child, w)) !== null) return found;
          } else {
            if (node.params.length !== 0 || node.greedy.length !== 0) {
              stackNodes[sp] = node;
              stackNums[sp * 3] = pos;
              stackNums[sp * 3 + 1] = depth;
              stackNums[sp * 3 + 2] = 0;
              sp++;
            }
            node = child;
            pos = end + 1;
            edge = -1;
            continue;
          }
        }
      }
    }

    const params = node.params;
    if (edge < params.length) {
      // Find the segment end by hand, noting any `%` on the way; the scan stops one past the
      // length cap, so a 50 KB segment costs at most maxParamLength + 1 reads here.
      let end = pos;
      let escaped = false;
      const limit = pos + max < n ? pos + max + 1 : n;
      for (; end < limit; end++) {
        const c = path.charCodeAt(end);
        if (c === 47) break;
        if (c === 37) escaped = true;
      }
      let text: string | undefined;
      if (end > pos && end - pos <= max && (end === n || path.charCodeAt(end) === 47)) {
        text = path.slice(pos, end);
        if (escaped) text = decodeSegment(text);
      }
      let descended = false;
      if (text !== undefined) {
        for (; edge < params.length; edge++) {
          const e = params[edge]!;
          const value = e.plain ? text : e.converter.parse(text);
          if (value === undefined) continue;
          values[depth] = value;
          if (end === n) {
            if ((found = endAt(e.node, w)) !== null) return found;
            continue;
          }
          if (edge + 1 < params.length || node.greedy.length !== 0) {
            stackNodes[sp] = node;
            stackNums[sp * 3] = pos;
            stackNums[sp * 3 + 1] = depth;
            stackNums[sp * 3 + 2] = edge + 1;
            sp++;
          }
          node = e.node;
          pos = end + 1;
          depth++;
          edge = -1;
          descended = true;
          break;
        }
      }
      if (descended) continue;
    }

    const greedy = node.greedy;
    if (greedy.length !== 0 && pos < n && n - pos <= w.maxGreedyLength) {
      const text = decodeSegment(path.slice(pos));
      if (text !== undefined) {
        for (let i = 0; i < greedy.length; i++) {
          const e = greedy[i]!;
          const value = e.converter.parse(text);
          if (value !== undefined && (found = endAt(e.node, w)) !== null) {
            values[depth] = value;
            return found;
          }
        }
      }
    }

    // A custom greedy converter may accept the other trailing-slash form: let the miss check.
    if (greedy.length !== 0) w.twin = true;
    if (sp === 0) return null;
    sp--;
    node = stackNodes[sp]!;
    pos = stackNums[sp * 3]!;
    depth = stackNums[sp * 3 + 1]!;
    edge = stackNums[sp * 3 + 2]!;
  }
}

/**
 * Every method of every route whose path matches, for `Allow`. Same traversal as `walk` without
 * the early return; still each node at most once.
 */
export function collect<T>(node: Node<T>, w: Walk, pos: number, out: Set<string>): void {
  const path = w.path;
  const n = path.length;
  if (pos === n) {
    if (node.emptyChild !== null) addMethods(node.emptyChild, out);
    return;
  }
  const at = staticIndex(node, path, pos);
  if (at !== -1) {
    const end = pos + node.staticKeys[at]!.length;
    if (end === n) addMethods(node.staticNodes[at]!, out);
    else collect(node.staticNodes[at]!, w, end + 1, out);
  }
  // Bounded like the walk: never scan further than one past the length cap.
  const max = w.maxParamLength;
  const limit = pos + max < n ? pos + max + 1 : n;
  let end = pos;
  while (end < limit && path.charCodeAt(end) !== 47) end++;
  const size = end - pos;
  if (
    node.params.length > 0 &&
    size > 0 &&
    size <= max &&
    (end === n || path.charCodeAt(end) === 47)
  ) {
    const text = decodeSegment(path.slice(pos, end));
    if (text !== undefined) {
      for (const edge of node.params) {
        if (edge.converter.parse(text) === undefined) continue;
        if (end === n) addMethods(edge.node, out);
        else collect(edge.node, w, end + 1, out);
      }
    }
  }
  if (node.greedy.length > 0 && n - pos <= w.maxGreedyLength) {
    const text = decodeSegment(path.slice(pos));
    if (text !== undefined) {
      for (const edge of node.greedy) {
        if (edge.converter.parse(text) !== undefined) addMethods(edge.node, out);
      }
    }
  }
}

function addMethods<T>(node: Node<T>, out: Set<string>): void {
  for (const m of node.explicit.keys()) out.add(m);
}
