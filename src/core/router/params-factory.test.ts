import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { paramsFactory } from "./params-factory.ts";

describe("paramsFactory", () => {
  test("builds a plain object with the names in path order", () => {
    const params = paramsFactory(["owner", "repo", "n"])(["a", "b", 3, "ignored"]);
    assert.deepEqual(params, { owner: "a", repo: "b", n: 3 });
    assert.deepEqual(Object.keys(params), ["owner", "repo", "n"]);
    assert.equal(Object.getPrototypeOf(params), Object.prototype);
  });

  test("returns a new object per call and one shared builder per name list", () => {
    const make = paramsFactory(["x"]);
    assert.equal(paramsFactory(["x"]), make);
    assert.notEqual(make(["1"]), make(["1"]));
    assert.deepEqual(paramsFactory([])([]), {});
  });

  test("defines __proto__ as an own property instead of setting the prototype", () => {
    const params = paramsFactory(["__proto__", "b"])([{ polluted: true }, 2]);
    assert.equal(Object.getPrototypeOf(params), Object.prototype);
    assert.deepEqual(Object.keys(params), ["__proto__", "b"]);
    assert.equal((params as { polluted?: boolean }).polluted, undefined);
  });

  test("still works where code generation from strings is disabled", () => {
    const module = fileURLToPath(new URL("./params-factory.ts", import.meta.url));
    const script = `
      const { paramsFactory } = await import(${JSON.stringify(module)});
      console.log(JSON.stringify(paramsFactory(["a", "b"])([1, "x"])));
    `;
    const child = spawnSync(
      process.execPath,
      ["--disallow-code-generation-from-strings", "--input-type=module", "-e", script],
      { encoding: "utf8" },
    );
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), '{"a":1,"b":"x"}');
  });
});
