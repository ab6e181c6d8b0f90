/**
 * Merging user options over the defaults.
 * @module
 */
import { createLogger } from "./logger.ts";
import {
  type AppOptions,
  type AppOptionsInput,
  DEFAULT_LIMITS,
  DEFAULT_SECURITY_HEADERS,
} from "./options.ts";

export const DEFAULT_ALLOWED_HOSTS: readonly string[] = Object.freeze([
  "localhost",
  "127.0.0.1",
  "[::1]",
]);

export function resolveOptions(input: AppOptionsInput = {}): AppOptions {
  const debug = input.debug ?? false;
  return {
    debug,
    allowedHosts: input.allowedHosts ?? DEFAULT_ALLOWED_HOSTS,
    trustProxy: input.trustProxy ?? false,
    trailingSlash: input.trailingSlash ?? "redirect",
    secretKey: input.secretKey,
    securityHeaders: input.securityHeaders ?? DEFAULT_SECURITY_HEADERS,
    https: input.https ?? false,
    limits: {
      ...DEFAULT_LIMITS,
      ...input.limits,
      multipart: { ...DEFAULT_LIMITS.multipart, ...input.limits?.multipart },
    },
    converters: input.converters ?? {},
    logger: input.logger ?? createLogger({ pretty: debug, level: debug ? "debug" : "info" }),
    accessLog: input.accessLog ?? true,
  };
}
