/**
 * Route path syntax: `/static/:name/:id<int>/:rest<path>`. A param is always a whole segment;
 * mixed segments such as `/:a-:b` are refused, because matching them needs the backtracking
 * regexes behind path-to-regexp's ReDoS advisories.
 * @module
 */
import { encodeStaticSegment } from "./encode.ts";
import { RouteSyntaxError } from "./errors.ts";

export interface StaticSegment {
  readonly kind: "static";
  /** Canonical percent-encoded text, as a browser would send it. */
  readonly text: string;
}

export interface ParamSegment {
  readonly kind: "param";
  readonly name: string;
  readonly converter: string;
}

export type Segment = StaticSegment | ParamSegment;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** A JavaScript-identifier-like name, so `params.name` always works. */
export function isIdentifier(s: string): boolean {
  if (s.length === 0 || !isIdentStart(s.charCodeAt(0))) return false;
  for (let i = 1; i < s.length; i++) if (!isIdentPart(s.charCodeAt(i))) return false;
  return true;
}

function parseParam(path: string, seg: string): ParamSegment {
  const open = seg.indexOf("<");
  const name = open === -1 ? seg.slice(1) : seg.slice(1, open);
  if (!isIdentifier(name)) {
    throw new RouteSyntaxError(
      path,
      `"${seg}" is not a param; a param is a whole segment ":name" or ":name<converter>" ` +
        `with an identifier name (mixed segments like ":a-:b" are not supported: ` +
        `use one param and split it in the handler)`,
    );
  }
  if (open === -1) return { kind: "param", name, converter: "string" };
  const converter = seg.slice(open + 1, seg.length - 1);
  if (seg.charCodeAt(seg.length - 1) !== 62 || !isIdentifier(converter)) {
    throw new RouteSyntaxError(
      path,
      `"${seg}" must be written ":${name}<converter>" and end there`,
    );
  }
  return { kind: "param", name, converter };
}

function parseStatic(path: string, seg: string): StaticSegment {
  if (seg.includes(":")) {
    throw new RouteSyntaxError(
      path,
      `"${seg}" mixes static text and a param; params must be whole segments (write it as ` +
        `two segments, or use one param and split it in the handler)`,
    );
  }
  if (seg === "." || seg === "..") {
    throw new RouteSyntaxError(path, `"${seg}" segments are resolved away by clients`);
  }
  try {
    return { kind: "static", text: encodeStaticSegment(seg) };
  } catch {
    throw new RouteSyntaxError(path, `"${seg}" contains a lone UTF-16 surrogate`);
  }
}

/**
 * Split a route path into segments. The path after the leading `/` is split on `/`, so `/` is one
 * empty static segment and a trailing slash is an empty last segment; no other segment may be
 * empty.
 */
export function parsePattern(path: string): Segment[] {
  if (typeof path !== "string" || path.charCodeAt(0) !== 47) {
    throw new RouteSyntaxError(String(path), "a route path must start with /");
  }
  if (path.includes("?") || path.includes("#")) {
    throw new RouteSyntaxError(path, "a route path cannot contain ? or # (match the path only)");
  }
  const parts = path.slice(1).split("/");
  const out: Segment[] = [];
  const names = new Set<string>();
  for (let i = 0; i < parts.length; i++) {
    const seg = parts[i]!;
    if (seg === "" && i !== parts.length - 1) {
      throw new RouteSyntaxError(path, "empty segment (//); only a trailing slash may be empty");
    }
    if (seg.charCodeAt(0) !== 58) {
      out.push(parseStatic(path, seg));
      continue;
    }
    const param = parseParam(path, seg);
    if (names.has(param.name)) {
      throw new RouteSyntaxError(path, `param name "${param.name}" is used twice`);
    }
    names.add(param.name);
    out.push(param);
  }
  return out;
}
