/**
 * The installed Flagon version, read from the package's own package.json (two folders up from
 * here, in the sources and in the built `dist/` alike).
 * @module
 */
import { readFileSync } from "node:fs";

export function flagonVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version?: unknown;
  };
  return typeof pkg.version === "string" ? pkg.version : "unknown";
}
