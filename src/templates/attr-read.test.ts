/**
 * The inline attribute read of generated code (`obj.name` for a plain name) must answer exactly
 * what the runtime's `getattr` answers, for every kind of value, in both modes, also when one
 * read has seen many shapes.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Environment, Markup, PyFloat, tuple } from "./index.ts";

class Empty {}

class Box {
  x = "own field";
  get y(): string {
    throw new Error("getter ran");
  }
}

function values(): Record<string, unknown> {
  const nullProto = Object.assign(Object.create(null), { x: "null proto" });
  // A plain object is a dict: a getter written into it is how its value is read.
  const getter = {
    get x(): string {
      return "computed";
    },
  };
  // A class instance shows own data properties only: an accessor there is the class's code.
  const classAccessor = Object.defineProperty(new Empty(), "x", {
    get(): string {
      throw new Error("getter ran");
    },
    enumerable: true,
  });
  const setterOnly = Object.defineProperty({}, "x", { set() {}, enumerable: true });
  return {
    plain: { x: "plain" },
    nullProto,
    missing: { y: 1 },
    undef: { x: undefined },
    nil: { x: null },
    getter,
    classAccessor,
    setterOnly,
    box: new Box(),
    list: ["a"],
    map: new Map([["x", "from map"]]),
    str: "text",
    num: 3,
    float: new PyFloat(1),
    markup: new Markup("<b>"),
    tup: tuple([1, 2]),
    nested: { x: { x: { x: "deep" } } },
  };
}

const EXPECTED =
  "plain=plain nullProto=null proto missing= undef= nil=None getter=computed classAccessor= " +
  "setterOnly= box=own field " +
  "list= map=from map str= num= float= markup= tup= nested=deep";

const SOURCE = (names: string[]) =>
  names.map((n) => `${n}={{ ${n === "nested" ? "nested.x.x.x" : `${n}.x`} }}`).join(" ");

test("one read site, many kinds of value: the same answers as getattr, class getters never run", async () => {
  const env = new Environment();
  const v = values();
  const t = env.fromString(SOURCE(Object.keys(v)));
  assert.equal(t.renderSync(v), EXPECTED);
  assert.equal(await t.render(v), EXPECTED);
  // One site that sees every shape in turn (its feedback goes megamorphic) answers the same.
  const loop = env.fromString("{% for o in objs %}{{ o.x }};{% endfor %}");
  const objs = Object.values(v);
  const want = objs.map((o) => env.fromString("{{ o.x }}").renderSync({ o })).join(";") + ";";
  for (let i = 0; i < 3; i++) {
    assert.equal(loop.renderSync({ objs }), want);
    assert.equal(await loop.render({ objs }), want);
  }
  assert.equal(
    want,
    "plain;null proto;;;None;computed;;;own field;;from map;;;;;;{&#39;x&#39;: {&#39;x&#39;: &#39;deep&#39;}};",
  );
});

test("strict mode: a missing attribute of a plain object still raises", () => {
  const env = new Environment({ strictUndefined: true });
  assert.throws(() => env.fromString("{{ o.x }}").renderSync({ o: {} }), /has no attribute 'x'/);
});
