/**
 * The router: routes in, match results out. Fully static paths are answered from a table lookup;
 * everything else walks the segment tree by specificity (see `match.ts`). Misses take the slow,
 * careful road: path normalisation, `Allow` collection, trailing-slash redirect.
 * @module
 */
import { builtinConverters, type Converter, stringConverter } from "./converters.ts";
import { normalisePath } from "./encode.ts";
import {
  RouteConverterError,
  RouteDuplicateError,
  RouteNameDuplicateError,
  RouteNameUnknownError,
  RouterError,
  RouteSyntaxError,
} from "./errors.ts";
import { collect, type Walk, walk } from "./match.ts";
import { Node, type Route } from "./node.ts";
import { paramsFactory } from "./params-factory.ts";
import { isIdentifier, parsePattern } from "./parse-pattern.ts";
import { StaticTable } from "./static-table.ts";
import { buildUrl, type Query } from "./reverse.ts";

export type MatchResult<T> =
  | { kind: "found"; value: T; params: Record<string, unknown> }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "redirect"; location: string }
  | { kind: "not-found" };

export interface RouterOptions {
  /** Longest raw (still-encoded) param, greedy ones included; longer means not found. 100. */
  maxParamLength?: number;
  /** Longest raw greedy (`<path>`) param, which spans segments. 1000. */
  maxPathParamLength?: number;
  /** "redirect" (default): a miss whose other trailing-slash form matches redirects there. */
  trailingSlash?: "redirect" | "strict";
  /** Extra converters by name, usable as `:name<converter>`; they may replace built-ins. */
  converters?: Record<string, Converter<unknown>>;
}

/** What `Allow` lists for a path served by an `ALL` route. */
const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
const NOT_FOUND: MatchResult<never> = Object.freeze({ kind: "not-found" });

function isMethod(m: string): boolean {
  if (typeof m !== "string" || m.length === 0) return false;
  for (let i = 0; i < m.length; i++) {
    const c = m.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95)) return false;
  }
  return true;
}

function checkConverter(name: string, c: Converter<unknown>): void {
  const bad = (why: string): never => {
    throw new RouterError("FLG_ERR_ROUTE_CONVERTER", `Converter "${name}" ${why}`);
  };
  if (!isIdentifier(name)) bad("must have an identifier name");
  if (typeof c?.parse !== "function" || typeof c.format !== "function") {
    bad("must have parse() and format() functions");
  }
  if (c.rank !== undefined && !Number.isFinite(c.rank)) bad("must have a finite rank");
}

export class Router<T> {
  readonly #root = new Node<T>();
  /** Fully static paths (canonical spelling) to their tree node: the fast path. */
  readonly #static = new StaticTable<T>();
  readonly #routes: Route<T>[] = [];
  readonly #names = new Map<string, Route<T>>();
  readonly #converters = new Map<string, Converter<unknown>>();
  readonly #redirect: boolean;
  /** Some static route text contains a percent-escape (non-ASCII or reserved characters). */
  #escapedStatic = false;
  /** Longest static segment, to bound the respelling work on absurd input. */
  #maxStaticSegment = 0;
  /** Reused walk state: match() allocates nothing until it has a hit. */
  readonly #walk: Walk;

  constructor(options: RouterOptions = {}) {
    const max = options.maxParamLength ?? 100;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`maxParamLength must be a positive integer, got ${String(max)}`);
    }
    const greedyMax = options.maxPathParamLength ?? 1000;
    if (!Number.isInteger(greedyMax) || greedyMax < 1) {
      throw new RangeError(
        `maxPathParamLength must be a positive integer, got ${String(greedyMax)}`,
      );
    }
    this.#redirect = (options.trailingSlash ?? "redirect") === "redirect";
    for (const [name, c] of Object.entries(builtinConverters)) this.#converters.set(name, c);
    for (const [name, c] of Object.entries(options.converters ?? {})) {
      checkConverter(name, c);
      this.#converters.set(name, c);
    }
    this.#walk = {
      path: "",
      method: "",
      values: new Array(16).fill(undefined),
      maxParamLength: max,
      maxGreedyLength: greedyMax,
      pathHit: false,
      twin: false,
      stackNodes: [],
      stackNums: [],
    };
  }

  /** Register `value` for `method` (uppercase, or "ALL") on `path`, optionally under `name`. */
  add(method: string, path: string, value: T, name?: string): void {
    const segments = parsePattern(path);
    if (!isMethod(method)) {
      throw new RouteSyntaxError(
        path,
        `invalid method ${JSON.stringify(method)}; use uppercase, e.g. "GET" or "ALL"`,
      );
    }
    // Validate everything before touching the tree, so a throw leaves the router unchanged.
    const names: string[] = [];
    const converters: Converter<unknown>[] = [];
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]!;
      if (seg.kind === "static") continue;
      const c = this.#converters.get(seg.converter);
      if (c === undefined) {
        throw new RouteConverterError(path, seg.converter, [...this.#converters.keys()]);
      }
      if (c.greedy === true && i !== segments.length - 1) {
        throw new RouteSyntaxError(
          path,
          `greedy param ":${seg.name}<${seg.converter}>" must be the last segment`,
        );
      }
      names.push(seg.name);
      converters.push(c);
    }
    if (name !== undefined) {
      const taken = this.#names.get(name);
      if (taken !== undefined) throw new RouteNameDuplicateError(name, path, taken.path);
    }
    let node = this.#root;
    let param = 0;
    for (const seg of segments) {
      if (seg.kind === "static") {
        node = node.staticChild(seg.text);
      } else {
        const c = converters[param++]!;
        node = node.paramChild(seg.converter, c, c === stringConverter);
      }
    }
    const route: Route<T> = {
      method,
      path,
      name,
      value,
      segments,
      names,
      converters,
      makeParams: paramsFactory(names),
    };
    // A duplicate has the same shape, so the walk above created no node for it.
    const dup = node.setRoute(route);
    if (dup !== undefined) throw new RouteDuplicateError(method, path, dup.path);
    for (const seg of segments) {
      if (seg.kind !== "static") continue;
      if (seg.text.includes("%")) this.#escapedStatic = true;
      this.#maxStaticSegment = Math.max(this.#maxStaticSegment, seg.text.length);
    }
    if (names.length === 0) {
      this.#static.add(
        "/" + segments.map((s) => (s.kind === "static" ? s.text : "")).join("/"),
        node,
      );
    }
    this.#routes.push(route);
    if (name !== undefined) this.#names.set(name, route);
  }

  /** Match a raw request path (no query, percent-encoded as received). Never throws. */
  match(method: string, path: string): MatchResult<T> {
    const node = this.#static.get(path);
    if (node !== null) {
      const r = node.routeFor(method);
      if (r !== null) return { kind: "found", value: r.value, params: {} };
    }
    if (path.charCodeAt(0) !== 47) return NOT_FOUND;
    const route = this.#find(method, path);
    return route !== null ? this.#found(route) : this.#miss(method, path);
  }

  /** The slow road, for misses only: other spelling, then 405, then trailing-slash redirect. */
  #miss(method: string, path: string): MatchResult<T> {
    const canonical = this.#canonical(path);
    if (canonical !== path) {
      const route = this.#lookup(method, canonical);
      if (route !== null) return this.#found(route);
    }
    const w = this.#walk;
    if (w.pathHit) {
      const allow = this.#allowed(canonical);
      if (allow !== undefined) return { kind: "method-not-allowed", allow };
    }
    if (this.#redirect && w.twin) {
      const location = this.#slashTwin(method, canonical);
      if (location !== undefined) return { kind: "redirect", location };
    }
    return NOT_FOUND;
  }

  /**
   * The sorted `Allow` list for a path (HEAD with GET, OPTIONS always), or undefined when no route
   * matches it under any method. The core answers OPTIONS with it when no OPTIONS route exists;
   * `match("OPTIONS", ...)` reports such a path as method-not-allowed carrying the same list.
   */
  allowedMethods(path: string): string[] | undefined {
    if (typeof path !== "string" || path.charCodeAt(0) !== 47) return undefined;
    const canonical = this.#canonical(path);
    return this.#allowed(path) ?? (canonical === path ? undefined : this.#allowed(canonical));
  }

  #allowed(path: string): string[] | undefined {
    const found = new Set<string>();
    collect(this.#root, this.#prepare("", path), 1, found);
    if (found.size === 0) return undefined;
    if (found.delete("ALL")) for (const m of ALL_METHODS) found.add(m);
    if (found.has("GET")) found.add("HEAD");
    found.add("OPTIONS");
    return [...found].sort();
  }

  /** The path of the route called `name`, with params formatted and encoded, plus a query. */
  url(name: string, params?: Record<string, unknown>, query?: Query): string {
    const route = this.#names.get(name);
    if (route === undefined) throw new RouteNameUnknownError(name);
    return buildUrl(route as Route<unknown>, params, query);
  }

  /** Every route in registration order. */
  routes(): Array<{ method: string; path: string; name: string | undefined }> {
    return this.#routes.map((r) => ({ method: r.method, path: r.path, name: r.name }));
  }

  /**
   * The canonical spelling of a request path, for the second look a miss gets. Respelling only
   * matters if a `%` is involved on either side of a static comparison.
   */
  #canonical(path: string): string {
    if (!this.#escapedStatic && path.indexOf("%") === -1) return path;
    // A raw segment spells at most 3 characters per canonical one (%XX), so longer ones can
    // never match a static key and are left as they are.
    return normalisePath(path, this.#maxStaticSegment * 3);
  }

  #prepare(method: string, path: string): Walk {
    const w = this.#walk;
    w.path = path;
    w.method = method;
    w.pathHit = false;
    w.twin = false;
    return w;
  }

  #find(method: string, path: string): Route<T> | null {
    return walk(this.#root, this.#prepare(method, path));
  }

  #lookup(method: string, path: string): Route<T> | null {
    const r = this.#static.get(path)?.routeFor(method) ?? null;
    return r ?? this.#find(method, path);
  }

  #found(route: Route<T>): MatchResult<T> {
    return { kind: "found", value: route.value, params: route.makeParams(this.#walk.values) };
  }

  /** The other trailing-slash form of `path` when it matches `method`, unless it is unsafe. */
  #slashTwin(method: string, path: string): string | undefined {
    const n = path.length;
    if (n < 2) return undefined;
    const twin = path.charCodeAt(n - 1) === 47 ? path.slice(0, n - 1) : path + "/";
    // "//evil.example" or "/\evil.example" in Location is an open redirect to another host.
    const second = twin.charCodeAt(1);
    if (second === 47 || second === 92) return undefined;
    return this.#lookup(method, twin) === null ? undefined : twin;
  }
}
