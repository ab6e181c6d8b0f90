/**
 * Parsing a command's arguments with `node:util` `parseArgs`, turning its errors (long, and
 * phrased for programmers) into one short line that names the bad option.
 * @module
 */
import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { usageError } from "./errors.ts";
import type { Command } from "./registry.ts";

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

function quoted(message: string): string {
  return /'([^']+)'/.exec(message)?.[1] ?? "";
}

function toParseArgs(command: Command): ParseArgsOptionsConfig {
  const config: ParseArgsOptionsConfig = {};
  for (const [name, o] of Object.entries(command.options ?? {})) {
    config[name] = o.short === undefined ? { type: o.type } : { type: o.type, short: o.short };
  }
  return config;
}

export function parseCommandArgs(command: Command, argv: readonly string[]): ParsedArgs {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: toParseArgs(command),
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    const message = err instanceof Error ? err.message : String(err);
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION")
      throw usageError(`flagon ${command.name}: unknown option ${quoted(message)}`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const option = /--[\w-]+/.exec(quoted(message))?.[0] ?? quoted(message);
      const why = message.includes("argument missing") ? "needs a value" : "does not take a value";
      throw usageError(`flagon ${command.name}: option ${option} ${why}`);
    }
    throw usageError(`flagon ${command.name}: ${message.split("\n")[0]}`);
  }
  const max = command.maxPositionals ?? 0;
  if (parsed.positionals.length > max) {
    throw usageError(`flagon ${command.name}: unexpected argument "${parsed.positionals[max]}"`);
  }
  return parsed as ParsedArgs;
}
