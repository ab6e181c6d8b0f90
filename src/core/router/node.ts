/**
 * The route tree. One node per distinct path prefix, keyed segment by segment: static text, then
 * one edge per converter (param names live on the route, so `/users/:id` and `/users/:name/x`
 * share a node). Every node has the same shape so the matcher's property loads stay monomorphic.
 * @module
 */
import type { Converter } from "./converters.ts";
import type { ParamsFactory } from "./params-factory.ts";
import type { Segment } from "./parse-pattern.ts";

/** One registered route, as the matcher and reverse routing need it. */
export interface Route<T> {
  readonly method: string;
  readonly path: string;
  readonly name: string | undefined;
  readonly value: T;
  readonly segments: readonly Segment[];
  /** Param names in path order; `values[i]` of a match belongs to `names[i]`. */
  readonly names: readonly string[];
  /** Converters of the params, in the same order as `names`. */
  readonly converters: readonly Converter<unknown>[];
  /** Builds the params object from the walk's values. */
  readonly makeParams: ParamsFactory;
}

/** An edge for one converter out of a node. */
export interface ParamEdge<T> {
  readonly key: string;
  readonly converter: Converter<unknown>;
  readonly rank: number;
  /** The built-in string converter: the matcher skips the call and keeps the decoded text. */
  readonly plain: boolean;
  readonly node: Node<T>;
}

/** Past this many static children a node indexes them by first char instead of scanning. */
const RANGE_FROM = 8;

export class Node<T> {
  /**
   * Non-empty static children by canonical segment text, with each key's first char code in a
   * parallel int array: the matcher scans ints and compares text in place, never slicing the path.
   */
  staticKeys: string[] = [];
  staticFirst: number[] = [];
  staticNodes: Node<T>[] = [];
  /**
   * For nodes with many static children: `[range[c], range[c + 1])` are the keys starting with
   * char code `c`. Canonical keys are ASCII (everything else is percent-encoded), so 128 slots do.
   */
  staticRange: Int32Array | null = null;
  /** The empty static child: a trailing slash (or the root path "/"). */
  emptyChild: Node<T> | null = null;
  /** Non-greedy converter edges, most specific first. */
  params: ParamEdge<T>[] = [];
  /** Greedy converter edges (rest of path), most specific first; always tried last. */
  greedy: ParamEdge<T>[] = [];
  /**
   * Routes ending here: method names and routes in parallel, HEAD derived from GET. A short scan
   * of interned method strings beats a dictionary lookup. Empty when no route ends here.
   */
  methodNames: string[] = [];
  methodRoutes: Route<T>[] = [];
  /** The `ALL` route ending here, if any. */
  all: Route<T> | null = null;
  /** Routes ending here exactly as registered, for duplicates and `Allow`. */
  explicit: Map<string, Route<T>> = new Map();

  staticChild(text: string): Node<T> {
    if (text === "") return (this.emptyChild ??= new Node<T>());
    const at = this.staticKeys.indexOf(text);
    if (at !== -1) return this.staticNodes[at]!;
    const child = new Node<T>();
    // Keys stay sorted by first char, so a char's keys are one contiguous range of the arrays.
    const c = text.charCodeAt(0);
    let i = this.staticFirst.length;
    while (i > 0 && this.staticFirst[i - 1]! > c) i--;
    this.staticKeys.splice(i, 0, text);
    this.staticFirst.splice(i, 0, c);
    this.staticNodes.splice(i, 0, child);
    if (this.staticFirst.length > RANGE_FROM) {
      const range = new Int32Array(129);
      let k = 0;
      for (let ch = 0; ch <= 128; ch++) {
        while (k < this.staticFirst.length && this.staticFirst[k]! < ch) k++;
        range[ch] = k;
      }
      this.staticRange = range;
    }
    return child;
  }

  paramChild(key: string, converter: Converter<unknown>, plain: boolean): Node<T> {
    const list = converter.greedy === true ? this.greedy : this.params;
    const found = list.find((e) => e.key === key);
    if (found !== undefined) return found.node;
    const edge: ParamEdge<T> = {
      key,
      converter,
      rank: converter.rank ?? 10,
      plain,
      node: new Node<T>(),
    };
    list.push(edge);
    // Rank, then name: specificity never depends on the order routes were added in.
    list.sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return edge.node;
  }

  /** The route for `method` ending here: exact method, else HEAD from GET, else ALL. */
  routeFor(method: string): Route<T> | null {
    const names = this.methodNames;
    for (let i = 0; i < names.length; i++) if (names[i] === method) return this.methodRoutes[i]!;
    return this.all;
  }

  /** Record a route ending here; returns the route it duplicates, if any. */
  setRoute(route: Route<T>): Route<T> | undefined {
    const existing = this.explicit.get(route.method);
    if (existing !== undefined) return existing;
    this.explicit.set(route.method, route);
    const names: string[] = [];
    const routes: Route<T>[] = [];
    for (const [m, r] of this.explicit) {
      if (m === "ALL") continue;
      names.push(m);
      routes.push(r);
    }
    const get = this.explicit.get("GET");
    if (get !== undefined && !this.explicit.has("HEAD")) {
      names.push("HEAD");
      routes.push(get);
    }
    this.methodNames = names;
    this.methodRoutes = routes;
    this.all = this.explicit.get("ALL") ?? null;
    return undefined;
  }
}
