import assert from "node:assert/strict";
import { test } from "node:test";
import { main, registerCommand } from "./main.ts";
import type { CliIo } from "./registry.ts";

function io(): CliIo & { output: string; errors: string } {
  const o = {
    output: "",
    errors: "",
    out: (t: string) => void (o.output += t),
    err: (t: string) => void (o.errors += t),
    cwd: process.cwd(),
    env: {},
  };
  return o;
}

test("a registered command is dispatched with parsed options and listed by help", async () => {
  let seen: unknown;
  registerCommand({
    name: "greet",
    summary: "Say hello",
    usage: "[name] [--loud]",
    options: { loud: { type: "boolean", short: "l", description: "Shout" } },
    maxPositionals: 1,
    run({ values, positionals, io: out }) {
      seen = { values: { ...values }, positionals };
      out.out(`hello ${positionals[0] ?? "world"}\n`);
      return 3;
    },
  });
  const run = io();
  assert.equal(await main(["greet", "ada", "-l"], run), 3);
  assert.equal(run.output, "hello ada\n");
  assert.deepEqual(seen, { values: { loud: true }, positionals: ["ada"] });
  const help = io();
  await main(["help"], help);
  assert.match(help.output, /greet\s+Say hello/);
  const one = io();
  await main(["greet", "--help"], one);
  assert.match(one.output, /--loud, -l\s+Shout/);
});

test("a duplicate or malformed command name is refused with a code", () => {
  assert.throws(() => registerCommand({ name: "serve", summary: "again", run: () => 0 }), {
    code: "FLG_ERR_CLI_COMMAND",
  });
  assert.throws(() => registerCommand({ name: "Bad Name", summary: "x", run: () => 0 }), {
    code: "FLG_ERR_CLI_COMMAND",
  });
});

test("an unexpected failure is one line without FLAGON_DEBUG, with the stack when it is set", async () => {
  registerCommand({
    name: "explode",
    summary: "Fail",
    run() {
      throw new Error("kaboom");
    },
  });
  const quiet = io();
  assert.equal(await main(["explode"], quiet), 1);
  assert.equal(quiet.errors, "flagon: unexpected error: kaboom (set FLAGON_DEBUG=1 for details)\n");
  const loud = { ...io(), env: { FLAGON_DEBUG: "1" } };
  let errors = "";
  loud.err = (t: string) => void (errors += t);
  assert.equal(await main(["explode"], loud), 1);
  assert.match(errors, /kaboom\nError: kaboom\n\s+at /);
});
