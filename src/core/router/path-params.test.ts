/**
 * Type tests for `PathParams`: `tsc --noEmit` checks them. Every `@ts-expect-error` fails the
 * type-check if the line under it ever compiles, so each assertion here can fail.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { PathParams } from "./path-params.ts";

declare module "./converters.ts" {
  interface ConverterTypes {
    hex: bigint;
  }
}

/** Exact type equality, not mere assignability. */
type Equal<A, B> =
  (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_proof?: T): void {}

expectType<Equal<PathParams<"/users/:id<int>">, { id: number }>>();
expectType<Equal<PathParams<"/files/:rest<path>">, { rest: string }>>();
expectType<Equal<PathParams<"/a/:s<slug>/:u<uuid>/:n">, { s: string; u: string; n: string }>>();
expectType<Equal<PathParams<"/static/only">, {}>>();
expectType<Equal<PathParams<"/">, {}>>();
expectType<Equal<PathParams<"/x/:n<hex>">, { n: bigint }>>();
expectType<Equal<PathParams<"/x/:n<nope>">, { n: unknown }>>();
expectType<
  Equal<
    PathParams<"/r/:owner/:repo/issues/:number<int>/">,
    { owner: string; repo: string; number: number }
  >
>();
expectType<Equal<PathParams<string>, Record<string, unknown>>>();
// @ts-expect-error: an int param is a number, not a string
expectType<Equal<PathParams<"/users/:id<int>">, { id: string }>>();
// @ts-expect-error: the param set must be exact
expectType<Equal<PathParams<"/users/:id">, { id: string; extra: string }>>();

test("PathParams values can be assigned and misuse is a type error", () => {
  const p: PathParams<"/a/:id<int>/:name"> = { id: 1, name: "x" };
  // @ts-expect-error: id must be a number
  const wrong: PathParams<"/a/:id<int>"> = { id: "1" };
  // @ts-expect-error: name is required
  const missing: PathParams<"/a/:name"> = {};
  assert.deepEqual(p, { id: 1, name: "x" });
  assert.deepEqual([wrong, missing], [{ id: "1" }, {}]);
});
