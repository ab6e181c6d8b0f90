/**
 * Help screens, built from what is registered so a new command documents itself.
 * @module
 */
import type { Command, CommandRegistry } from "./registry.ts";

function pad(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([a]) => a.length)) + 3;
  return rows.map(([a, b]) => `  ${a.padEnd(width)}${b}`).join("\n");
}

export function generalHelp(registry: CommandRegistry): string {
  const commands = registry.list().map((c): [string, string] => [c.name, c.summary]);
  return `Usage: flagon <command> [options]

Commands:
${pad(commands)}

Options:
${pad([
  ["-h, --help", "Show this help, or a command's help after its name"],
  ["-v, --version", "Print the Flagon version"],
])}

Run "flagon help <command>" for a command's arguments and options.
`;
}

export function commandHelp(command: Command): string {
  const options = Object.entries(command.options ?? {}).map(([name, o]): [string, string] => {
    const flag = `--${name}${o.short === undefined ? "" : `, -${o.short}`}${o.type === "string" ? " <value>" : ""}`;
    return [flag, o.description];
  });
  const usage = `Usage: flagon ${command.name}${command.usage === undefined ? "" : ` ${command.usage}`}`;
  const description = command.description === undefined ? "" : `\n${command.description.trim()}\n`;
  return `${usage}\n\n${command.summary}\n${description}${options.length === 0 ? "" : `\nOptions:\n${pad(options)}\n`}`;
}
