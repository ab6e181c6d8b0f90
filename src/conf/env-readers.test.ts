import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { env } from "./env-readers.ts";
import type { EnvSetting, Parsed } from "./setting.ts";

function read<T>(setting: EnvSetting<T>, raw: string | undefined): Parsed<T> {
  return setting.resolve(raw === undefined ? {} : { [setting.name]: raw });
}

function value<T>(setting: EnvSetting<T>, raw: string | undefined): T {
  const r = read(setting, raw);
  assert.ok(r.ok, `expected ${JSON.stringify(raw)} to be accepted, got ${r.ok ? "" : r.problem}`);
  return r.value;
}

function problem<T>(setting: EnvSetting<T>, raw: string | undefined): string {
  const r = read(setting, raw);
  assert.ok(!r.ok, `expected ${JSON.stringify(raw)} to be refused`);
  return r.problem;
}

describe("env readers", () => {
  it("string: keeps the text as is, empty included; required without a default", () => {
    assert.equal(value(env.string("S"), "  a b "), "  a b ");
    assert.equal(value(env.string("S"), ""), "");
    assert.equal(value(env.string("S", "dflt"), undefined), "dflt");
    assert.equal(problem(env.string("S"), undefined), "required but not set");
  });

  it("int: strict whole numbers", () => {
    assert.equal(value(env.int("N"), "8000"), 8000);
    assert.equal(value(env.int("N"), "-12"), -12);
    assert.equal(value(env.int("N"), " 7 "), 7);
    assert.equal(value(env.int("N", 8000), undefined), 8000);
    for (const bad of ["12abc", "1.5", "1e3", "", "0x10", "abc", "Infinity", " "]) {
      assert.match(problem(env.int("N"), bad), /expected an integer/, bad);
    }
    assert.match(problem(env.int("N"), "99999999999999999999"), /out of range/);
    assert.match(problem(env.int("N"), "12abc"), /"12abc"/);
  });

  it("float: finite decimals", () => {
    assert.equal(value(env.float("F"), "0.5"), 0.5);
    assert.equal(value(env.float("F"), "-2"), -2);
    assert.equal(value(env.float("F"), "1e-3"), 0.001);
    assert.equal(value(env.float("F"), ".25"), 0.25);
    for (const bad of ["1.5x", "", "NaN", "Infinity", "1e999", "1,5", "--1"]) {
      assert.match(problem(env.float("F"), bad), /expected a number/, bad);
    }
  });

  it("bool: true/false, 1/0, yes/no, on/off in any case, nothing else", () => {
    for (const t of ["true", "TRUE", "1", "yes", "Yes", "on", " on "])
      assert.equal(value(env.bool("B"), t), true, t);
    for (const f of ["false", "False", "0", "no", "NO", "off"])
      assert.equal(value(env.bool("B"), f), false, f);
    for (const bad of ["flase", "", "2", "y", "enabled", "-1"]) {
      assert.match(problem(env.bool("B"), bad), /expected a boolean/, bad);
    }
    assert.equal(value(env.bool("B", false), undefined), false);
  });

  it("list: comma-separated, trimmed, empties dropped, frozen", () => {
    const hosts = value(env.list("L"), " a.com, b.com ,,c.com ");
    assert.deepEqual(hosts, ["a.com", "b.com", "c.com"]);
    assert.ok(Object.isFrozen(hosts));
    assert.deepEqual(value(env.list("L"), ""), []);
    assert.deepEqual(value(env.list("L", ["localhost"]), undefined), ["localhost"]);
  });

  it("url: absolute URLs including sqlite forms; the value is never echoed", () => {
    assert.equal(value(env.url("U"), "postgres://u:p@db:5432/app"), "postgres://u:p@db:5432/app");
    assert.equal(value(env.url("U"), "sqlite::memory:"), "sqlite::memory:");
    assert.equal(
      value(env.url("U"), "sqlite:///var/app/db.sqlite3"),
      "sqlite:///var/app/db.sqlite3",
    );
    assert.equal(value(env.url("U", "sqlite::memory:"), undefined), "sqlite::memory:");
    const p = problem(env.url("U"), "not a url with secret-password");
    assert.match(p, /expected an absolute URL/);
    assert.doesNotMatch(p, /secret-password/);
    assert.match(problem(env.url("U"), "/relative/path"), /absolute URL/);
  });

  it("json: parsed safely, poisoning refused", () => {
    assert.deepEqual(value(env.json("J"), '{"a":[1,2]}'), { a: [1, 2] });
    assert.equal(value(env.json("J"), "3"), 3);
    assert.match(problem(env.json("J"), "{bad"), /expected valid JSON/);
    assert.match(problem(env.json("J"), '{"__proto__":{"x":1}}'), /expected valid JSON/);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it("enum: exact members only", () => {
    const level = env.enum("LEVEL", ["debug", "info", "warn"], "info");
    assert.equal(value(level, "warn"), "warn");
    assert.equal(value(level, undefined), "info");
    assert.match(problem(level, "WARN"), /expected one of "debug", "info", "warn", got "WARN"/);
  });

  it("optional(): unset is undefined, a bad value is still an error", () => {
    assert.equal(value(env.int("N").optional(), undefined), undefined);
    assert.equal(value(env.int("N").optional(), "4"), 4);
    assert.match(problem(env.int("N").optional(), "x"), /integer/);
    assert.equal(value(env.int("N", 3).optional(), undefined), 3);
  });

  it("refuses invalid variable names at declaration", () => {
    assert.throws(() => env.string("1BAD"), TypeError);
    assert.throws(() => env.string("A-B"), TypeError);
  });

  it("reads only own variables of the source", () => {
    assert.equal(problem(env.string("toString"), undefined), "required but not set");
  });
});
