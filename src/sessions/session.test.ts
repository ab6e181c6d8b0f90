import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Session } from "./session.ts";

const protoSnapshot = () => Object.getOwnPropertyNames(Object.prototype).join();

describe("Session", () => {
  it("works like a dict and tracks accessed and modified", () => {
    const s = new Session();
    assert.equal(s.isNew, true);
    assert.equal(s.accessed, false);
    assert.equal(s.get("a"), undefined);
    assert.equal(s.accessed, true);
    assert.equal(s.modified, false);
    s.set("a", 1).set("b", { x: [1] });
    assert.equal(s.modified, true);
    assert.equal(s.get<number>("a"), 1);
    assert.equal(s.has("b"), true);
    assert.deepEqual(s.keys(), ["a", "b"]);
    assert.equal(s.size, 2);
    assert.equal(s.delete("a"), true);
    assert.equal(s.delete("a"), false);
    assert.deepEqual(JSON.parse(JSON.stringify(s)), { b: { x: [1] } });
  });

  it("set(key, undefined) removes the key", () => {
    const s = new Session({ id: "x".repeat(22), data: new Map([["k", 1]]), flashes: [] });
    s.set("k", undefined);
    assert.equal(s.has("k"), false);
    assert.equal(s.modified, true);
  });

  it("deleting a missing key is not a modification", () => {
    const s = new Session();
    s.delete("nope");
    assert.equal(s.modified, false);
  });

  it("keeps __proto__ and constructor as ordinary keys", () => {
    const before = protoSnapshot();
    const s = new Session();
    s.set("__proto__", { isAdmin: true });
    s.set("constructor", "c");
    assert.deepEqual(s.get("__proto__"), { isAdmin: true });
    assert.equal(s.get("constructor"), "c");
    const plain = s.toJSON();
    assert.equal(Object.getPrototypeOf(plain), null);
    assert.deepEqual(Object.keys(plain), ["__proto__", "constructor"]);
    assert.equal(({} as { isAdmin?: boolean }).isAdmin, undefined);
    assert.equal(protoSnapshot(), before);
  });

  it("regenerate() keeps the data under a new id and retires the old one", () => {
    const s = new Session({ id: "a".repeat(22), data: new Map([["u", 1]]), flashes: [] });
    s.regenerate();
    assert.notEqual(s.id, "a".repeat(22));
    assert.equal(s.get("u"), 1);
    assert.deepEqual(s.retiredIds, ["a".repeat(22)]);
    assert.equal(s.modified, true);
    // A session that was never stored has nothing to retire.
    const fresh = new Session();
    const first = fresh.id;
    fresh.regenerate();
    assert.notEqual(fresh.id, first);
    assert.deepEqual(fresh.retiredIds, []);
  });

  it("destroy() empties the session and retires its id", () => {
    const s = new Session({
      id: "b".repeat(22),
      data: new Map([["u", 1]]),
      flashes: [{ category: "c", message: "m" }],
    });
    s.destroy();
    assert.equal(s.isEmpty, true);
    assert.equal(s.modified, true);
    assert.deepEqual(s.retiredIds, ["b".repeat(22)]);
    assert.notEqual(s.id, "b".repeat(22));
  });

  it("clear() on an empty session changes nothing", () => {
    const s = new Session();
    s.clear();
    assert.equal(s.modified, false);
  });

  it("ids are random and 128-bit", () => {
    const ids = new Set(Array.from({ length: 100 }, () => new Session().id));
    assert.equal(ids.size, 100);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  });
});

describe("flash messages", () => {
  it("consumes once, by category, and repeats within the same request", () => {
    const s = new Session();
    s.flash("saved");
    s.flash("bad input", "error");
    s.flash("again", "error");
    assert.deepEqual(
      s.consumeFlashes(["error"]).map((f) => f.message),
      ["bad input", "again"],
    );
    // The other category is still queued.
    assert.equal(s.isEmpty, false);
    // Asking again in the same request gives the same messages (templates may ask twice).
    assert.equal(s.consumeFlashes(["error"]).length, 2);
    assert.deepEqual(s.consumeFlashes(), [
      { category: "error", message: "bad input" },
      { category: "error", message: "again" },
      { category: "message", message: "saved" },
    ]);
    assert.equal(s.isEmpty, true);
  });

  it("reading no flashes is not a modification", () => {
    const s = new Session();
    assert.deepEqual(s.consumeFlashes(), []);
    assert.equal(s.modified, false);
  });

  it("loaded flashes are consumed and mark the session modified", () => {
    const s = new Session({
      id: "c".repeat(22),
      data: new Map(),
      flashes: [{ category: "message", message: "hi" }],
    });
    assert.deepEqual(s.consumeFlashes(), [{ category: "message", message: "hi" }]);
    assert.equal(s.modified, true);
    assert.equal(s.isEmpty, true);
  });
});
