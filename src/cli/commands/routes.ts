/**
 * `flagon routes [file] [--json]`: every route of the project (or of an app file) as a table of
 * method, path, name and handler, like `flask routes`. In app mode the file's default export
 * must be the `App`; a file that calls `app.listen()` should do so under `if (import.meta.main)`
 * so importing it here does not start a server.
 * @module
 */
import { pathToFileURL } from "node:url";
import type { RouteInfo } from "../../core/index.ts";
import { findAppFile } from "../app-file.ts";
import { CliError, ERR_CLI_APP_NOT_FOUND } from "../errors.ts";
import { functionLocations } from "../function-location.ts";
import { projectSettingsFile } from "../project-mode.ts";
import type { CliIo, Command, CommandArgs } from "../registry.ts";

interface RoutesSource {
  routes(): RouteInfo[];
}

async function appFromFile(io: CliIo, given: string | undefined): Promise<RoutesSource> {
  const file = findAppFile(io.cwd, given, "routes");
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown; app?: unknown };
  const app = (mod.default ?? mod.app) as Partial<RoutesSource> | undefined;
  if (typeof app?.routes !== "function") {
    throw new CliError(
      ERR_CLI_APP_NOT_FOUND,
      `flagon routes: ${file} must export its app as the default export (export default app)`,
      1,
    );
  }
  return app as RoutesSource;
}

async function source(args: CommandArgs): Promise<RoutesSource> {
  const settingsFile = await projectSettingsFile(args.io, args.settings, args.positionals[0]);
  if (settingsFile !== undefined) return (await args.project()).app;
  return appFromFile(args.io, args.positionals[0]);
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  "),
    )
    .join("\n");
}

export const routesCommand: Command = {
  name: "routes",
  summary: "List the routes: method, path, name and handler",
  usage: "[file] [--json]",
  description: `
Lists every route of the project (or of the app file given, whose default export is the app)
in registration order. The handler is the function's name, or <anonymous>, with the file and
line it was defined on when Node can tell.`,
  options: { json: { type: "boolean", description: "Print a JSON array instead of a table" } },
  maxPositionals: 1,
  async run(args) {
    const routes = (await source(args)).routes();
    const places = await functionLocations(
      routes.map((r) => r.handler),
      args.io.cwd,
    );
    const rows = routes.map((r) => ({
      method: r.method,
      path: r.path,
      name: r.name ?? null,
      handler: r.handler.name === "" ? "<anonymous>" : r.handler.name,
      location: places.get(r.handler) ?? null,
    }));
    if (args.values.json === true) {
      args.io.out(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      args.io.out("No routes.\n");
      return 0;
    }
    const cells = rows.map((r) => [
      r.method,
      r.path,
      r.name ?? "",
      r.location === null ? r.handler : `${r.handler} (${r.location})`,
    ]);
    args.io.out(`${table([["METHOD", "PATH", "NAME", "HANDLER"], ...cells])}\n`);
    return 0;
  },
};
