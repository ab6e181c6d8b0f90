/**
 * Load a driver package on first use. The drivers are optional peer dependencies: an app on
 * SQLite never installs `pg`, and importing `flagon/orm` loads none of them until a database of
 * that kind is opened.
 * @module
 */
import { dbError, ERR_DB_DRIVER_MISSING } from "./errors.ts";

/**
 * Run `load` (a literal `() => import("pg")`, so types and bundlers see the package), or throw
 * `FLG_ERR_DB_DRIVER_MISSING` telling what to install.
 */
export async function loadDriver<T>(
  load: () => Promise<T>,
  pkg: string,
  backend: string,
): Promise<T> {
  try {
    return await load();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw dbError(
        ERR_DB_DRIVER_MISSING,
        `The ${backend} backend needs the "${pkg}" package: npm install ${pkg}`,
        err,
      );
    }
    throw err;
  }
}
