/**
 * `flagon shell [-c code]`: a Node REPL with the project loaded: every installed model in scope
 * by its name (`Question`; all of them in `models` by label), the project as `project`, and
 * `Q`, `F`, `atomic`, `sql` from the ORM. Top-level `await` works; history is kept in
 * `.flagon_history` in the project folder. `-c "code"` runs one snippet and exits (and code
 * piped on stdin runs the same way).
 * @module
 */
import { Writable } from "node:stream";
import { Console } from "node:console";
import { join } from "node:path";
import type { AnyModel } from "../../orm/index.ts";
import type { CliIo, Command, Project } from "../../project/index.ts";

/** The names a shell session starts with. */
async function scope(project: Project): Promise<Record<string, unknown>> {
  const { atomic, F, Q, sql } = await import("../../orm/index.ts");
  const out: Record<string, unknown> = { project, Q, F, atomic, sql };
  const models: Record<string, AnyModel> = {};
  for (const m of project.models()) {
    models[m.meta.label] = m;
    // Two apps may both have a `Tag`: the first keeps the bare name, all are in `models`.
    if (!(m.meta.name in out)) out[m.meta.name] = m;
  }
  out.models = models;
  return out;
}

const AsyncFunction = (async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>;

/** Run `code` as the body of an async function with the scope's names as parameters. */
async function runSnippet(
  code: string,
  names: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const sink = (write: (t: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        write(String(chunk));
        done();
      },
    });
  const console = new Console({ stdout: sink(io.out), stderr: sink(io.err) });
  const all = { ...names, console };
  try {
    const fn = new AsyncFunction(...Object.keys(all), code);
    await fn(...Object.values(all));
    return 0;
  } catch (err) {
    // The user's code failed, not Flagon: say what it threw, on one line unless debugging.
    const detail =
      io.env.FLAGON_DEBUG === "1" && err instanceof Error
        ? `\n${err.stack}`
        : err instanceof Error
          ? `${err.name}: ${err.message}`
          : String(err);
    io.err(`flagon shell: ${detail}\n`);
    return 1;
  }
}

async function readStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

export const shellCommand: Command = {
  name: "shell",
  summary: "Start a REPL with the project's models loaded",
  usage: "[-c code]",
  options: {
    command: { type: "string", short: "c", description: "Run this code and exit" },
  },
  async run({ values, io, project: load }) {
    const project = await load();
    const names = await scope(project);
    if (typeof values.command === "string") {
      return runSnippet(values.command, names, io);
    }
    if (io.isTTY !== true) {
      return runSnippet(await readStdin(), names, io);
    }
    const models = Object.keys(names.models as object);
    io.out(
      `Flagon shell. In scope: project, models, Q, F, atomic, sql${
        models.length
          ? `, ${project
              .models()
              .map((m) => m.meta.name)
              .join(", ")}`
          : ""
      }. Top-level await works; .exit to leave.\n`,
    );
    const { start } = await import("node:repl");
    const repl = start({ prompt: "flagon> ", useGlobal: false });
    Object.assign(repl.context, names);
    await new Promise<void>((resolve) => {
      repl.setupHistory(join(project.settings.baseDir, ".flagon_history"), () => resolve());
    });
    await new Promise<void>((resolve) => repl.on("exit", () => resolve()));
    return 0;
  },
};
