/**
 * `flagon dbshell [--database alias] [-- client arguments]`: the database's own command-line
 * client, connected with the settings' URL: `sqlite3`, `psql`, or `mariadb`/`mysql`. The
 * password goes in the environment (PGPASSWORD, MYSQL_PWD), never on the command line where
 * other users could read it in the process list. Arguments after `--` go to the client:
 * `flagon dbshell -- -c "select 1"`.
 * @module
 */
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { ServerConfig } from "../../orm/index.ts";
import type { Command } from "../../project/index.ts";
import { CliError, ERR_CLI_CLIENT } from "../errors.ts";
import { databaseOf, databaseOption } from "./migration-args.ts";

interface Client {
  readonly bins: readonly string[];
  readonly args: string[];
  readonly env: Record<string, string>;
}

function serverArgs(
  c: ServerConfig,
  flags: { user: string; host: string; port: string },
): string[] {
  return [
    ...(c.host ? [flags.host, c.host] : []),
    ...(c.port ? [flags.port, String(c.port)] : []),
    ...(c.user ? [flags.user, c.user] : []),
  ];
}

/** The client to run for a database, with its arguments and environment. */
export function clientFor(config: ReturnType<typeof databaseOf>["config"]): Client {
  if (config.vendor === "sqlite") return { bins: ["sqlite3"], args: [config.path], env: {} };
  if (config.vendor === "postgres")
    return {
      bins: ["psql"],
      args: [...serverArgs(config, { host: "-h", port: "-p", user: "-U" }), config.database],
      env: config.password === undefined ? {} : { PGPASSWORD: config.password },
    };
  return {
    bins: ["mariadb", "mysql"],
    args: [
      ...serverArgs(config, { host: "--host", port: "--port", user: "--user" }),
      config.database,
    ],
    env: config.password === undefined ? {} : { MYSQL_PWD: config.password },
  };
}

/** The first of `bins` found on `path`, as an absolute file name. */
function which(bins: readonly string[], path: string): string | undefined {
  for (const bin of bins)
    for (const dir of path.split(delimiter)) {
      if (dir === "") continue;
      const file = join(dir, bin);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {}
    }
  return undefined;
}

export const dbshellCommand: Command = {
  name: "dbshell",
  summary: "Open the database's command-line client",
  usage: "[--database alias] [-- client arguments]",
  options: { database: databaseOption },
  maxPositionals: 1000,
  async run({ values, positionals, io, project: load }) {
    const project = await load();
    const db = databaseOf(project, values);
    const client = clientFor(db.config);
    const bin = which(client.bins, io.env.PATH ?? "");
    if (bin === undefined)
      throw new CliError(
        ERR_CLI_CLIENT,
        `flagon dbshell: ${client.bins.join(" or ")} is not installed or not on PATH; install the ${db.vendor} client to use dbshell`,
        1,
      );
    const interactive = io.isTTY === true;
    const child = spawn(bin, [...client.args, ...positionals], {
      cwd: io.cwd,
      env: { ...io.env, ...client.env },
      stdio: interactive ? "inherit" : ["inherit", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d) => io.out(String(d)));
    child.stderr?.on("data", (d) => io.err(String(d)));
    return await new Promise<number>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  },
};
