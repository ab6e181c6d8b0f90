import assert from "node:assert/strict";
import { test } from "node:test";
import { expectedFortunes, normalize, worldListProblems, worldProblems } from "./check.ts";
import { queriesParam } from "./world.ts";

test("a World object has exactly id and randomNumber, both 1..10,000", () => {
  assert.deepEqual(worldProblems({ id: 1, randomNumber: 10_000 }), []);
  assert.equal(worldProblems({ id: 0, randomNumber: 5 }).length, 1);
  assert.equal(worldProblems({ id: 1, random_number: 5 }).length, 1);
  assert.equal(worldProblems([]).length, 1);
});

test("a list must hold the requested count", () => {
  assert.deepEqual(worldListProblems([{ id: 2, randomNumber: 3 }], 1), []);
  assert.match(worldListProblems([], 20)[0]!, /0 objects, expected 20/);
});

test("queries parameter: 1 when missing or bad, clamped to 500", () => {
  assert.equal(queriesParam(null), 1);
  assert.equal(queriesParam("abc"), 1);
  assert.equal(queriesParam("0"), 1);
  assert.equal(queriesParam("20"), 20);
  assert.equal(queriesParam("600"), 500);
});

test("the fortunes page is sorted, escaped, and accepts either quote entity", () => {
  const page = expectedFortunes();
  assert.ok(page.indexOf("<td>11</td><td>&lt;script&gt;alert(&#34;") > 0);
  assert.ok(page.indexOf("<td>0</td>") < page.indexOf("<td>1</td><td>fortune:"));
  assert.equal(normalize(page.replaceAll("&#34;", "&quot;")), normalize(page));
});
