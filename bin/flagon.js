#!/usr/bin/env node
// The `flagon` command. Plain JavaScript on purpose: it must run on any Node to be able to say
// that the Node is too old, before anything loads the TypeScript sources.
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `flagon: Node.js 22.18 or newer is required (this is ${process.version}); Node 24 LTS is recommended.\n`,
  );
  process.exit(1);
}

// Node's compile cache keeps the type-stripped, compiled form of each module on disk, so every
// start after the first skips that work: an app's start-up drops to about bare Node's. It covers
// the CLI and the app that `flagon serve` imports; `runserver` passes it to its child.
// NODE_DISABLE_COMPILE_CACHE=1 turns it off.
const { enableCompileCache } = await import("node:module");
enableCompileCache?.();

// A checkout runs the TypeScript sources directly; the published package ships only the built
// JavaScript (Node does not strip types inside node_modules), so it has no src/ folder.
const { existsSync } = await import("node:fs");
const source = new URL("../src/cli/main.ts", import.meta.url);
const entry = existsSync(source) ? source : new URL("../dist/cli/main.js", import.meta.url);
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
