/**
 * App options and their secure defaults (research/security.md section 6). Every limit can be
 * changed per app; the defaults are what an app gets when it says nothing.
 * @module
 */
import type { Logger } from "./logger.ts";
import type { Converter } from "./router/index.ts";

/** Multipart limits; defaults follow Werkzeug and Django where they agree. */
export interface MultipartLimits {
  /** Total parts (fields and files). @default 1000 */
  parts: number;
  /** File parts. @default 10 */
  files: number;
  /** Bytes per file. @default 10 MiB */
  fileSize: number;
  /** Bytes per non-file field. @default 500 kB */
  fieldSize: number;
  /** Bytes per field name. @default 100 */
  fieldNameSize: number;
  /** Header lines per part. @default 100 */
  headerPairs: number;
}

export interface Limits {
  /** Decoded bytes of a JSON, text or urlencoded body. @default 1 MiB */
  bodySize: number;
  /** Nesting depth of a JSON body. @default 64 */
  jsonDepth: number;
  /** Query-string parameters; more is a 413. @default 1000 */
  queryParams: number;
  /** Urlencoded form parameters; more is a 413. @default 1000 */
  formParams: number;
  /** Request headers, counted by Flagon since Node truncates silently; more is a 431. @default 100 */
  headerCount: number;
  /** Characters in one path parameter; longer means no match (404). @default 100 */
  paramLength: number;
  /** Characters in a greedy `<path>` parameter (it spans segments). @default 1000 */
  pathParamLength: number;
  multipart: MultipartLimits;
}

/**
 * Which proxies to believe for `X-Forwarded-For`/`-Proto`/`-Host`: `false` (none, the default),
 * `true` (any, only behind a proxy that overwrites them), a hop count, or a list of addresses.
 */
export type TrustProxy = boolean | number | readonly string[];

export interface AppOptions {
  /** Debug mode: debug error page, pretty logs. Never on in production. @default false */
  debug: boolean;
  /**
   * Host names the app answers to (Django's ALLOWED_HOSTS). A leading dot allows subdomains,
   * `"*"` allows any host. @default ["localhost", "127.0.0.1", "[::1]"]
   */
  allowedHosts: readonly string[];
  trustProxy: TrustProxy;
  /** `redirect` sends `/a` to `/a/` (or back) when only the other form exists. @default "redirect" */
  trailingSlash: "redirect" | "strict";
  /** Secret for signing (sessions, tokens); first is current, the rest are accepted fallbacks. */
  secretKey: string | readonly string[] | undefined;
  /** Security headers added to every response unless the response set its own. */
  securityHeaders: false | Readonly<Record<string, string>>;
  /** Whether the app is served over HTTPS (HSTS and `Secure` cookies follow). @default false */
  https: boolean;
  limits: Limits;
  /**
   * Custom path converters by name, used as `:name<converter>`; type their values by augmenting
   * `ConverterTypes`.
   */
  converters: Readonly<Record<string, Converter<any>>>;
  logger: Logger;
  /** One log line per request. @default true */
  accessLog: boolean;
}

/** Options as a user passes them: everything optional, limits merged one level deep. */
export type AppOptionsInput = Partial<Omit<AppOptions, "limits">> & {
  limits?: Partial<Omit<Limits, "multipart">> & { multipart?: Partial<MultipartLimits> };
};

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Limits = Object.freeze({
  bodySize: MiB,
  jsonDepth: 64,
  queryParams: 1000,
  formParams: 1000,
  headerCount: 100,
  paramLength: 100,
  pathParamLength: 1000,
  multipart: Object.freeze({
    parts: 1000,
    files: 10,
    fileSize: 10 * MiB,
    fieldSize: 500_000,
    fieldNameSize: 100,
    headerPairs: 100,
  }),
});

/** Headers every response carries unless it sets its own (security.md 3.N N3). */
export const DEFAULT_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
});
