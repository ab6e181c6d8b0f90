/**
 * Type tests: checked by `tsc --noEmit` (part of `npm test`). Each `@ts-expect-error` line fails
 * the type-check if the line it marks ever compiles, so these can fail.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Context, type PathParams, flagon, silentLogger } from "flagon";

declare module "flagon" {
  interface ConverterTypes {
    date: Date;
  }
}

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

expectType<Equal<PathParams<"/users/:id<int>">, { id: number }>>(true);
expectType<Equal<PathParams<"/a/:slug<slug>/:rest<path>">, { slug: string; rest: string }>>(true);
expectType<Equal<PathParams<"/u/:key<uuid>/:name">, { key: string; name: string }>>(true);
expectType<Equal<PathParams<"/static">, {}>>(true);
expectType<Equal<PathParams<"/d/:day<date>">, { day: Date }>>(true);

test("handler params are typed from the route string", async () => {
  const app = flagon({ logger: silentLogger, accessLog: false });
  app.get("/users/:id<int>", ({ params }) => {
    const n: number = params.id;
    // @ts-expect-error: id is a number, not a string
    const s: string = params.id;
    // @ts-expect-error: there is no `name` param on this route
    params.name;
    return { n, s };
  });
  app.get("/posts/:slug<slug>", (ctx: Context<{ slug: string }>) => ctx.params.slug.toUpperCase());
  const res = await app.fetch(new Request("http://localhost/users/7"));
  assert.deepEqual(await res.json(), { n: 7, s: 7 });
});
