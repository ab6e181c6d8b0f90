/**
 * `flagon dumpdata [app_label[.Model] ...] [--indent N] [--output file] [--exclude labels]
 * [--database alias]`: the rows of the installed models as a JSON fixture in Django's format,
 * streamed: tables are read in chunks and written as they come, so a large table never sits in
 * memory whole.
 * @module
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { resolve } from "node:path";
import { once } from "node:events";
import type { Command } from "../../project/index.ts";
import { usageError } from "../errors.ts";
import { databaseOption } from "./migration-args.ts";

const FLUSH_AT = 64 * 1024;

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

export const dumpdataCommand: Command = {
  name: "dumpdata",
  summary: "Print the database's rows as a JSON fixture",
  usage:
    "[app_label[.Model] ...] [--indent N] [--output file] [--exclude labels] [--database alias]",
  options: {
    indent: { type: "string", description: "Indent the JSON by N spaces" },
    output: { type: "string", short: "o", description: "Write to this file instead of stdout" },
    exclude: {
      type: "string",
      short: "e",
      description: "Comma-separated app labels or app.Model labels to leave out",
    },
    database: databaseOption,
  },
  maxPositionals: 1000,
  async run({ values, positionals, io, project: load }) {
    let indent: number | undefined;
    if (typeof values.indent === "string") {
      indent = Number(values.indent);
      if (!Number.isInteger(indent) || indent < 0 || indent > 10)
        throw usageError("flagon dumpdata: --indent takes a number from 0 to 10");
    }
    const exclude =
      typeof values.exclude === "string"
        ? values.exclude
            .split(",")
            .map((s) => s.trim())
            .filter((s) => s !== "")
        : [];
    const project = await load();
    const { dumpFixtures } = await import("../../project/index.ts");
    const records = dumpFixtures(project, {
      labels: positionals,
      exclude,
      ...(typeof values.database === "string" ? { using: values.database } : {}),
    });
    const file = typeof values.output === "string" ? resolve(io.cwd, values.output) : undefined;
    const stream = file === undefined ? undefined : createWriteStream(file);
    let pending = "";
    const emit = async (text: string, force = false) => {
      pending += text;
      if (!force && pending.length < FLUSH_AT) return;
      if (stream === undefined) io.out(pending);
      else await write(stream, pending);
      pending = "";
    };
    let count = 0;
    const sep = indent === undefined ? ", " : ",\n";
    try {
      await emit(indent === undefined ? "[" : "[\n");
      for await (const r of records) {
        await emit((count++ === 0 ? "" : sep) + JSON.stringify(r, null, indent));
      }
      await emit(indent === undefined || count === 0 ? "]\n" : "\n]\n", true);
    } finally {
      if (stream !== undefined) {
        stream.end();
        await once(stream, "close");
      }
    }
    if (file !== undefined) io.err(`Wrote ${count} object(s) to ${file}\n`);
    return 0;
  },
};
