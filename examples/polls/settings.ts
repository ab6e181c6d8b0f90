/**
 * The polls demo's settings. Every value a deployment changes comes from the environment:
 * FLAGON_DEBUG, FLAGON_SECRET_KEY, FLAGON_ALLOWED_HOSTS and DATABASE_URL (or a `.env` file).
 * @module
 */
import { join } from "node:path";
import { env, loadEnvFile } from "flagon/conf";
import { defineSettings } from "flagon/project";
import polls from "./polls/app.ts";
import routes from "./routes.ts";

// A `.env` file beside this one, if any; variables already set in the environment win.
loadEnvFile(join(import.meta.dirname, ".env"));

export default defineSettings({
  baseDir: import.meta.dirname,
  debug: env.bool("FLAGON_DEBUG", false),
  // For development only: the key is marked "insecure", so Flagon refuses it when debug is off.
  // In production set FLAGON_SECRET_KEY.
  secretKey: env.string("FLAGON_SECRET_KEY", "flagon-insecure-polls-demo-key-for-development-only"),
  allowedHosts: env.list("FLAGON_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"]),
  installedApps: [polls],
  databases: { default: env.string("DATABASE_URL", "sqlite:///db.sqlite3") },
  routes,
});
