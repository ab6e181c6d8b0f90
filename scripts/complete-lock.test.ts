import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { missingPlatformEntries } from "./complete-lock.ts";

test("package-lock.json has an entry for every platform package npm ci will ask for", () => {
  const lock = JSON.parse(readFileSync(new URL("../package-lock.json", import.meta.url), "utf8"));
  const missing = missingPlatformEntries(lock).map((m) => m.key);
  assert.deepEqual(missing, [], "run: node scripts/complete-lock.ts");
});

test("a parent naming platform builds that are absent is reported with their os, cpu, libc", () => {
  const lock = {
    packages: {
      "": { name: "x" },
      "node_modules/tool": {
        version: "1.0.0",
        dev: true,
        optionalDependencies: {
          "@tool/cli-linux-x64": "1.0.0",
          "@tool/cli-linux-x64-musl": "1.0.0",
          "@tool/cli-darwin-arm64": "1.0.0",
        },
      },
      "node_modules/@tool/cli-linux-x64": { version: "1.0.0", optional: true },
    },
  };
  const missing = missingPlatformEntries(lock);
  assert.deepEqual(
    missing.map((m) => [m.key, m.entry.os, m.entry.cpu, m.entry.libc]),
    [
      ["node_modules/@tool/cli-linux-x64-musl", ["linux"], ["x64"], ["musl"]],
      ["node_modules/@tool/cli-darwin-arm64", ["darwin"], ["arm64"], undefined],
    ],
  );
});

test("a missing optional dependency that is not a platform build is an error, not a guess", () => {
  const lock = {
    packages: { "node_modules/a": { version: "1.0.0", optionalDependencies: { b: "2.0.0" } } },
  };
  assert.throws(() => missingPlatformEntries(lock), /b \(optional dependency of node_modules\/a\)/);
});
