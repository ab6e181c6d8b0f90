/**
 * Security events: one structured log line for every request Flagon refuses as malformed,
 * oversized, unauthorised or forbidden (research/security.md 3.0, invariant 8), so an operator
 * can alert on a scan or an attack without parsing access logs. Django logs its refusals the
 * same way, under `django.security.*`.
 *
 * A line is `warn` level, message `security: <code>`, with the fields
 * `{ event: "security", code, status, method, path, ip }`. Only Flagon's own refusals count
 * (codes `FLG_ERR_*`): an app's `abort(400, ...)` is input validation, not an attack signal.
 * @module
 */
import { FlagonError } from "../utils/index.ts";
import type { Logger } from "./logger.ts";

/** The refusal statuses that are security events. */
const SECURITY_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 413, 415, 431]);

/** Paths are cut to this length in the log line: a log is no place for a 64 KB URL. */
const MAX_LOGGED_PATH = 200;

/** The `code` and `status` of a refusal that is a security event, or undefined. */
export function securityRefusal(err: unknown): { code: string; status: number } | undefined {
  if (!(err instanceof FlagonError)) return undefined;
  if (!SECURITY_STATUSES.has(err.status) || !err.code.startsWith("FLG_ERR_")) return undefined;
  return { code: err.code, status: err.status };
}

/** Where and from whom the refused request came. */
export interface SecurityEventRequest {
  method: string | undefined;
  path: string | undefined;
  ip: string | undefined;
}

/**
 * Write the event line (see the module comment for its shape). `detail` is a lower-level reason
 * (Node's parser error code, say), added as a field when given.
 */
export function logSecurityEvent(
  logger: Logger,
  code: string,
  status: number,
  req: SecurityEventRequest,
  detail?: string,
): void {
  const path =
    req.path !== undefined && req.path.length > MAX_LOGGED_PATH
      ? `${req.path.slice(0, MAX_LOGGED_PATH)}...`
      : req.path;
  logger.warn(`security: ${code}`, {
    event: "security",
    code,
    status,
    method: req.method,
    path,
    ip: req.ip,
    ...(detail === undefined ? {} : { detail }),
  });
}
