/** The migration graph and the migrate plan, without files or a database. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ERR_MIGRATIONS_GRAPH, ERR_MIGRATIONS_TARGET } from "./errors.ts";
import { makeGraph, type MigrationNode } from "./graph.ts";
import type { Dependency } from "./op.ts";
import { makePlan } from "./plan.ts";

function node(app: string, name: string, deps: Dependency[] = []): MigrationNode {
  return { app, name, key: `${app}.${name}`, spec: { dependencies: deps, operations: [] } };
}
const errCode = (code: string) => (e: unknown) => (e as { code?: string }).code === code;

const graph = makeGraph([
  node("b", "0001_initial", [["a", "0001_initial"]]),
  node("a", "0002_more", [["a", "0001_initial"]]),
  node("a", "0001_initial"),
  node("a", "0003_last", [["a", "0002_more"]]),
]);

test("order puts dependencies first; leaves are the last per app", () => {
  assert.deepEqual(graph.order, ["a.0001_initial", "a.0002_more", "a.0003_last", "b.0001_initial"]);
  assert.deepEqual(graph.leaves("a"), ["a.0003_last"]);
  assert.deepEqual(graph.descendants("a.0002_more"), ["a.0002_more", "a.0003_last"]);
});

test("missing dependencies and cycles are coded errors", () => {
  assert.throws(
    () => makeGraph([node("a", "0001_x", [["z", "0001_y"]])]),
    errCode(ERR_MIGRATIONS_GRAPH),
  );
  assert.throws(
    () =>
      makeGraph([node("a", "0001_x", [["a", "0002_y"]]), node("a", "0002_y", [["a", "0001_x"]])]),
    errCode(ERR_MIGRATIONS_GRAPH),
  );
});

test("plans: everything, forward to a target, back to a target, zero", () => {
  const none = new Set<string>();
  assert.equal(makePlan(graph, none).length, 4);
  assert.deepEqual(
    makePlan(graph, none, { app: "a", name: "0002" }).map((s) => s.key),
    ["a.0001_initial", "a.0002_more"],
  );
  const all = new Set(graph.order);
  const back = makePlan(graph, all, { app: "a", name: "0001_initial" });
  assert.deepEqual(
    back.map((s) => [s.key, s.backwards]),
    [
      ["a.0003_last", true],
      ["a.0002_more", true],
    ],
  );
  assert.deepEqual(
    makePlan(graph, all, { app: "a", name: "zero" }).map((s) => s.key),
    ["b.0001_initial", "a.0003_last", "a.0002_more", "a.0001_initial"],
  );
  assert.throws(
    () => makePlan(graph, none, { app: "a", name: "0009" }),
    errCode(ERR_MIGRATIONS_TARGET),
  );
  assert.throws(
    () => makePlan(graph, none, { app: "a", name: "000" }),
    errCode(ERR_MIGRATIONS_TARGET),
  );
});
