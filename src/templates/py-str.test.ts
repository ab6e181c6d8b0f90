import assert from "node:assert/strict";
import { test } from "node:test";
import { floatRepr, intStr, pyRepr, pyStr, strRepr } from "./py-str.ts";
import { pyRound } from "./py-round.ts";
import { PyFloat, tuple } from "./values.ts";

test("floatRepr matches Python's repr(float)", () => {
  const cases: [number, string][] = [
    [1, "1.0"],
    [0.1, "0.1"],
    [1e-7, "1e-07"],
    [1e16, "1e+16"],
    [1.5e16, "1.5e+16"],
    [1e15, "1000000000000000.0"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [-0, "-0.0"],
    [123.456, "123.456"],
    [1e300 * 1e10, "inf"],
    [Number.NaN, "nan"],
    [2 ** 0.5, "1.4142135623730951"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
  ];
  for (const [x, want] of cases) assert.equal(floatRepr(x), want, String(x));
});

test("ints print every digit", () => {
  assert.equal(intStr(2 ** 64), "18446744073709551616");
  assert.equal(intStr(-42), "-42");
});

test("str and repr of containers", () => {
  assert.equal(pyStr([1, "a", null, true, new PyFloat(2)]), "[1, 'a', None, True, 2.0]");
  assert.equal(pyStr(tuple([1])), "(1,)");
  assert.equal(pyStr(new Map<unknown, unknown>([[1, "x"]])), "{1: 'x'}");
  assert.equal(pyRepr("it's"), '"it\'s"');
  assert.equal(strRepr("a\nb"), "'a\\nb'");
});

test("round half to even on the exact binary value", () => {
  assert.equal(pyRound(2.5), 2);
  assert.equal(pyRound(3.5), 4);
  assert.equal(pyRound(-2.5), -2);
  assert.equal(pyRound(2.675, 2), 2.67);
  assert.equal(pyRound(0.125, 2), 0.12);
  assert.equal(pyRound(0.375, 2), 0.38);
  assert.equal(pyRound(1234.5678, -2), 1200);
});
