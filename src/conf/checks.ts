/**
 * Deployment checks in Django's `check --deploy` style: stable IDs, a level, a message and a
 * hint. Errors stop a production app from starting (`assertDeployable`); warnings are printed.
 * "Production" means `debug` is off, or the caller asks for the deploy checks explicitly.
 * @module
 */
import { secretKeyProblem } from "../core/index.ts";
import { NotDeployableError } from "./errors.ts";

export type CheckLevel = "error" | "warning";

export interface CheckMessage {
  /** Stable ID, e.g. `flagon.E001`; quote it to silence or look it up in docs/settings.md. */
  readonly id: string;
  readonly level: CheckLevel;
  readonly message: string;
  readonly hint: string;
}

/** The settings the checks look at; `AppOptions` and a `defineConfig` result both fit. */
export interface DeploySettings {
  readonly debug?: boolean;
  readonly secretKey?: string | readonly string[] | undefined;
  readonly allowedHosts?: readonly string[];
  readonly https?: boolean;
}

export interface CheckOptions {
  /** Run the production checks even in debug mode (`flagon check --deploy`). @default !debug */
  deploy?: boolean;
}

const GENERATE = `node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"`;

function msg(id: string, level: CheckLevel, message: string, hint: string): CheckMessage {
  return Object.freeze({ id, level, message, hint });
}

function secretKeyChecks(secretKey: DeploySettings["secretKey"]): CheckMessage[] {
  const keys =
    secretKey === undefined ? [] : typeof secretKey === "string" ? [secretKey] : [...secretKey];
  if (keys.length === 0 || keys[0] === "") {
    return [
      msg(
        "flagon.E001",
        "error",
        "secretKey is not set.",
        `Set FLAGON_SECRET_KEY to a new random key: ${GENERATE}`,
      ),
    ];
  }
  const out: CheckMessage[] = [];
  keys.forEach((key, i) => {
    const problem = secretKeyProblem(key);
    if (problem === undefined) return;
    const which = i === 0 ? "secretKey" : `secretKey fallback #${i}`;
    out.push(
      msg(
        "flagon.E002",
        "error",
        `${which} is too weak for production: ${problem}.`,
        `Generate a key with: ${GENERATE}`,
      ),
    );
  });
  return out;
}

/** Run the checks; an empty list means nothing to report. */
export function checkSettings(
  settings: DeploySettings,
  options: CheckOptions = {},
): CheckMessage[] {
  const debug = settings.debug ?? false;
  const out: CheckMessage[] = [];
  if (debug) {
    out.push(
      msg(
        "flagon.W001",
        "warning",
        "debug is on.",
        "Never run with debug on in production: it shows source and settings on error pages.",
      ),
    );
  }
  if (!(options.deploy ?? !debug)) return out;
  out.push(...secretKeyChecks(settings.secretKey));
  const hosts = settings.allowedHosts;
  if (hosts !== undefined && hosts.length === 0) {
    out.push(
      msg(
        "flagon.E003",
        "error",
        "allowedHosts is empty, so every request would be refused.",
        "List the host names the site is served under, e.g. FLAGON_ALLOWED_HOSTS=example.com.",
      ),
    );
  }
  if (hosts?.includes("*")) {
    out.push(
      msg(
        "flagon.W002",
        "warning",
        'allowedHosts contains "*", so any Host header is accepted.',
        "List the real host names; a forged Host header can poison password-reset links and caches.",
      ),
    );
  }
  if (settings.https !== true) {
    out.push(
      msg(
        "flagon.W003",
        "warning",
        "https is off: cookies are not marked Secure and HSTS is not sent.",
        "Serve the site over HTTPS and set https: true (FLAGON_HTTPS=1).",
      ),
    );
  }
  return out;
}

/**
 * Throw when any error-level check fails; return the warnings for the caller to print.
 * @throws {NotDeployableError} `FLG_ERR_NOT_DEPLOYABLE` listing every failed check.
 */
export function assertDeployable(
  settings: DeploySettings,
  options: CheckOptions = {},
): CheckMessage[] {
  const messages = checkSettings(settings, options);
  const errors = messages.filter((m) => m.level === "error");
  if (errors.length > 0) throw new NotDeployableError(errors);
  return messages.filter((m) => m.level === "warning");
}
