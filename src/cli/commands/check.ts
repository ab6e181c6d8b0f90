/**
 * `flagon check [--deploy] [--fail-level LEVEL] [--tag TAGS]`: Django's system check. Prints
 * one line per message (`flagon.E002 error: ... (HINT: ...)`) and a count; exits 1 when a
 * message is at or above the fail level (errors by default).
 * @module
 */
import type { CheckMessage } from "../../conf/index.ts";
import { usageError } from "../errors.ts";
import type { Command } from "../registry.ts";

const RANK: Record<string, number> = { warning: 1, error: 2 };

function failLevel(value: string | boolean | undefined): number {
  if (value === undefined || typeof value === "boolean") return RANK.error!;
  const rank = RANK[value.toLowerCase()];
  if (rank === undefined)
    throw usageError(`flagon check: --fail-level must be ERROR or WARNING, got "${value}"`);
  return rank;
}

function tags(
  value: string | boolean | undefined,
  CHECK_TAGS: readonly string[],
): Set<string> | undefined {
  if (value === undefined || typeof value === "boolean") return undefined;
  const list = value
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
  const unknown = list.filter((t) => !CHECK_TAGS.includes(t));
  if (unknown.length > 0 || list.length === 0)
    throw usageError(
      `flagon check: unknown tag "${unknown[0] ?? value}"; tags: ${CHECK_TAGS.join(", ")}`,
    );
  return new Set(list);
}

export const checkCommand: Command = {
  name: "check",
  summary: "Run the system checks on the project (--deploy adds the production ones)",
  usage: "[--deploy] [--fail-level ERROR|WARNING] [--tag TAGS] [--list-tags]",
  description: `
Inspects the project's settings, apps, models, folders and databases (without connecting)
and lists every problem with its stable ID; docs/reference/checks.md explains each ID.
Exits 1 when a message is at the fail level or above (ERROR unless --fail-level WARNING).`,
  options: {
    deploy: {
      type: "boolean",
      description: "Add the production checks (secret key, hosts, https)",
    },
    "fail-level": {
      type: "string",
      description: "Exit 1 at this level or above: ERROR (default) or WARNING",
    },
    tag: {
      type: "string",
      short: "t",
      description: "Only these tags, comma separated (see --list-tags)",
    },
    "list-tags": { type: "boolean", description: "List the tags and exit" },
  },
  async run({ values, io, project }) {
    const fail = failLevel(values["fail-level"]);
    const { CHECK_TAGS, checkTag } = await import("../../project/index.ts");
    const { checkSummary, formatCheck } = await import("../project-server.ts");
    const only = tags(values.tag, CHECK_TAGS);
    if (values["list-tags"] === true) {
      io.out(`${CHECK_TAGS.join("\n")}\n`);
      return 0;
    }
    const p = await project();
    // As Django's: the production checks only with --deploy, whatever `debug` says, so a fresh
    // project (debug off until runserver turns it on) passes `flagon check` as generated.
    let messages: CheckMessage[] = await p.check({ deploy: values.deploy === true });
    if (only !== undefined) messages = messages.filter((m) => only.has(checkTag(m.id)));
    const sorted = [...messages].sort(
      (a, b) => RANK[b.level]! - RANK[a.level]! || a.id.localeCompare(b.id),
    );
    const failed = sorted.some((m) => RANK[m.level]! >= fail);
    const write = failed ? io.err : io.out;
    if (sorted.length > 0) {
      write(
        `System check identified some issues:\n\n${sorted.map((m) => `${formatCheck(m)}\n`).join("")}\n`,
      );
    }
    write(`${checkSummary(sorted.length)}\n`);
    return failed ? 1 : 0;
  },
};
