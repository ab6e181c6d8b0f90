import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setImmediate as tick } from "node:timers/promises";
import { ChunkQueue } from "./chunk-queue.ts";

const bytes = (s: string) => Buffer.from(s);

describe("ChunkQueue", () => {
  it("holds a push until the reader takes the chunk (backpressure)", async () => {
    const q = new ChunkQueue();
    let settled = false;
    const pushed = q.push(bytes("a")).then((taken) => {
      settled = true;
      return taken;
    });
    await tick();
    assert.equal(settled, false);
    const it = q[Symbol.asyncIterator]();
    assert.deepEqual(await it.next(), { done: false, value: bytes("a") });
    assert.equal(await pushed, true);
  });

  it("delivers chunks in order to a reader that waits first, then ends", async () => {
    const q = new ChunkQueue();
    const read = (async () => {
      const got: string[] = [];
      for await (const c of q) got.push(Buffer.from(c).toString());
      return got;
    })();
    for (const s of ["a", "b", "c"]) assert.equal(await q.push(bytes(s)), true);
    q.end();
    assert.deepEqual(await read, ["a", "b", "c"]);
  });

  it("rejects the reader with the writer's error, even before it starts reading", async () => {
    const q = new ChunkQueue();
    const boom = new Error("aborted");
    const waiting = q[Symbol.asyncIterator]().next();
    q.fail(boom);
    await assert.rejects(waiting, boom);
    const later = new ChunkQueue();
    later.fail(boom);
    await assert.rejects(later[Symbol.asyncIterator]().next(), boom);
  });

  it("releases a waiting push with false when the reader leaves its loop early", async () => {
    const q = new ChunkQueue();
    const first = q.push(bytes("a"));
    for await (const _ of q) break;
    assert.equal(await first, true);
    assert.equal(await q.push(bytes("b")), false);
    const waiting = q.push(bytes("c"));
    assert.equal(await waiting, false);
  });

  it("releases a waiting push with false on cancel", async () => {
    const q = new ChunkQueue();
    const waiting = q.push(bytes("a"));
    q.cancel();
    assert.equal(await waiting, false);
    assert.deepEqual(await q[Symbol.asyncIterator]().next(), { done: true, value: undefined });
  });
});
