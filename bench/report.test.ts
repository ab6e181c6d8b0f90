import assert from "node:assert/strict";
import { test } from "node:test";
import { type RunData, targets } from "./report.ts";

function run(rps: RunData["rps"]): RunData {
  const p99Ms: RunData["p99Ms"] = {};
  for (const [k, byCase] of Object.entries(rps))
    p99Ms[k] = Object.fromEntries(Object.entries(byCase).map(([c, xs]) => [c, xs.map(() => 1)]));
  return {
    servers: [],
    cases: [],
    rps,
    p99Ms,
    rssKiB: {},
    excluded: [],
    warnings: [],
    foreignPct: [],
    serverBusyPct: {},
    stealPct: [],
    coldStart: undefined,
  };
}

test("targets judge Flagon on per-round ratios, with their range", () => {
  // Round by round Flagon is at 0.96x, 0.96x and 0.97x node:http, while the machine's speed
  // moves by half between rounds.
  const lines = targets(
    run({
      node: { plaintext: [100_000, 80_000, 120_000] },
      flagon: { plaintext: [96_000, 76_800, 116_400] },
      fastify: { plaintext: [90_000, 90_000, 90_000] },
    }),
  );
  const bare = lines.find((l) => l.includes("plaintext req/s >= 0.95x node:http"));
  assert.equal(bare, "[PASS] plaintext req/s >= 0.95x node:http: 0.96x (rounds 0.96-0.97)");
  const fastify = lines.find((l) => l.includes("plaintext req/s >= 1.00x Fastify"));
  assert.equal(fastify, "[PASS] plaintext req/s >= 1.00x Fastify: 1.07x (rounds 0.85-1.29)");
  // A server that lost a round is compared on medians, and says so.
  const lost = targets(
    run({ node: { json: [100, 100] }, flagon: { json: [90] }, fastify: { json: [100, 100] } }),
  );
  assert.ok(lost.includes("[FAIL] json req/s >= 0.95x node:http: 0.90x (rounds unpaired)"));
});
