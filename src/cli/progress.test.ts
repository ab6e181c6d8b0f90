import assert from "node:assert/strict";
import { test } from "node:test";
import { createProgress } from "./progress.ts";

function capture(isTTY: boolean) {
  let text = "";
  return {
    io: { out: (t: string) => (text += t), isTTY },
    get text() {
      return text;
    },
  };
}

test("off a terminal: a plain line per step, permanent lines kept", () => {
  const c = capture(false);
  const p = createProgress(c.io, { total: 3 });
  p.status("ignored off a terminal");
  p.advance("a.css");
  p.log("copied a.css");
  p.advance("b.css", 2);
  p.update(3, "objects");
  p.end("done");
  assert.equal(c.text, "[1/3] a.css\ncopied a.css\n[3/3] b.css\n[3/3] objects\ndone\n");
  assert.equal(p.done, 3);
});

test("on a terminal: one redrawn line, logs above it, cleared at the end", () => {
  const c = capture(true);
  const p = createProgress(c.io, { total: 2, interval: 0 });
  p.status("Applying a.0001...");
  p.log("  Applying a.0001... OK");
  p.advance("x");
  p.advance("y");
  p.end("summary");
  const clear = "\r\x1b[2K";
  assert.equal(
    c.text,
    `${clear}[0/2] Applying a.0001...${clear}  Applying a.0001... OK\n` +
      `${clear}[1/2] x${clear}[2/2] y${clear}summary\n`,
  );
});

test("on a terminal, redraws are throttled except the last", () => {
  const c = capture(true);
  const p = createProgress(c.io, { total: 100, interval: 60_000 });
  for (let i = 0; i < 100; i++) p.advance("f");
  // The first draw, then nothing until the last step.
  assert.equal(c.text.split("\r\x1b[2K").filter(Boolean).length, 2);
  assert.match(c.text, /\[100\/100\] f$/);
});
