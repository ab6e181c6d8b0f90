import assert from "node:assert/strict";
import { test } from "node:test";
import { parseFrame, stackFrames } from "./stack-frames.ts";

test("parseFrame reads V8's frame forms", () => {
  assert.deepEqual(parseFrame("    at handler (file:///srv/app/routes.ts:12:5)"), {
    fn: "handler",
    file: "/srv/app/routes.ts",
    line: 12,
    column: 5,
    library: false,
  });
  assert.deepEqual(parseFrame("    at /srv/app/x.ts:3:9"), {
    fn: undefined,
    file: "/srv/app/x.ts",
    line: 3,
    column: 9,
    library: false,
  });
  assert.equal(parseFrame("    at async Promise.all (index 0)")?.library, true);
  assert.equal(parseFrame("    at new Store (/srv/node_modules/lib/a.js:1:1)")?.fn, "new Store");
  assert.equal(
    parseFrame("    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)")
      ?.library,
    true,
  );
  assert.equal(parseFrame("Error: boom"), undefined);
});

test("stackFrames skips the message, even one that looks like frames", () => {
  const err = new Error("bad\n    at fake (/etc/passwd.ts:1:1)");
  const frames = stackFrames(err);
  assert.ok(frames.length > 0);
  assert.ok(frames.every((f) => f.file !== "/etc/passwd.ts"));
  assert.deepEqual(stackFrames("not an error"), []);
});
