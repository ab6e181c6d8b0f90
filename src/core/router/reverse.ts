/**
 * Reverse routing: a named route plus param values back to a path. Each value goes through its
 * converter's `format`, must parse back under the same converter (so every URL we build is one
 * the router would match, with the same value), and is percent-encoded per segment.
 * @module
 */
import { UrlParamError } from "./errors.ts";
import type { Route } from "./node.ts";

export type QueryValue = string | number | boolean;
export type Query = Record<string, QueryValue | QueryValue[]>;

function encode(route: Route<unknown>, label: string, text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    throw new UrlParamError(route.name ?? "", route.path, `${label} contains a lone surrogate`);
  }
}

function formatParam(route: Route<unknown>, index: number, value: unknown): string {
  const key = route.names[index]!;
  const converter = route.converters[index]!;
  const fail = (why: string): never => {
    throw new UrlParamError(route.name ?? "", route.path, `param "${key}" ${why}`);
  };
  if (value === undefined || value === null) return fail("is missing");
  let text: string;
  try {
    text = converter.format(value);
  } catch (err) {
    return fail(`cannot be formatted: ${(err as Error)?.message ?? String(err)}`);
  }
  if (typeof text !== "string" || converter.parse(text) === undefined) {
    return fail(`value ${JSON.stringify(String(value))} does not match its converter`);
  }
  if (converter.greedy !== true) return encode(route, `param "${key}"`, text);
  // A greedy param keeps its slashes as separators; every piece between them is encoded.
  const pieces = text.split("/");
  for (let i = 0; i < pieces.length; i++) pieces[i] = encode(route, `param "${key}"`, pieces[i]!);
  return pieces.join("/");
}

function queryString(route: Route<unknown>, query: Query): string {
  const parts: string[] = [];
  for (const key of Object.keys(query)) {
    const raw = query[key];
    const list = Array.isArray(raw) ? raw : [raw];
    const k = encode(route, `query key "${key}"`, key);
    for (const item of list) {
      // JavaScript callers can pass null/undefined; skipping them mirrors "no value".
      if (item === undefined || item === null) continue;
      parts.push(k + "=" + encode(route, `query "${key}"`, String(item)));
    }
  }
  return parts.length === 0 ? "" : "?" + parts.join("&");
}

/** Build the URL of `route`. */
export function buildUrl(
  route: Route<unknown>,
  params: Record<string, unknown> | undefined,
  query: Query | undefined,
): string {
  const given = params ?? {};
  for (const key of Object.keys(given)) {
    if (!route.names.includes(key)) {
      const known = route.names.length === 0 ? "none" : route.names.join(", ");
      throw new UrlParamError(
        route.name ?? "",
        route.path,
        `unknown param "${key}" (params: ${known})`,
      );
    }
  }
  let out = "";
  let index = 0;
  for (const seg of route.segments) {
    if (seg.kind === "static") out += "/" + seg.text;
    else {
      const value = Object.hasOwn(given, seg.name) ? given[seg.name] : undefined;
      out += "/" + formatParam(route, index, value);
      index++;
    }
  }
  return query === undefined ? out : out + queryString(route, query);
}
