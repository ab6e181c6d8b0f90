/**
 * Project mode or app mode for the server commands and `flagon routes`. An app file named on
 * the command line always means app mode. Without one, a settings file (`--settings`,
 * FLAGON_SETTINGS, settings.ts, src/settings.ts) means project mode, even when an `app.ts` is
 * there too; only when there is no settings file is `app.ts` (or `src/app.ts`) run.
 * @module
 */
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliIo } from "./registry.ts";

/** The settings file when the command runs the project, or undefined for app mode. */
export async function projectSettingsFile(
  io: CliIo,
  settingsOption: string | undefined,
  appFile: string | undefined,
): Promise<string | undefined> {
  if (appFile !== undefined) return undefined;
  // Imported on use: the project module pulls in the ORM and templates (see main.ts).
  const { findSettingsFile } = await import("../project/index.ts");
  const asked = settingsOption !== undefined || (io.env.FLAGON_SETTINGS ?? "") !== "";
  try {
    return findSettingsFile({
      cwd: io.cwd,
      env: io.env,
      ...(settingsOption === undefined ? {} : { settings: settingsOption }),
    });
  } catch (err) {
    // A settings file asked for and missing is the user's mistake, not a reason to fall back.
    if (asked) throw err;
    return undefined;
  }
}

/** The script a server child runs in project mode (`.ts` in a checkout, `.js` when built). */
export const PROJECT_SERVER_MAIN: string = fileURLToPath(
  new URL(`./project-server-main${extname(import.meta.url)}`, import.meta.url),
);
