/**
 * `flagon` core: app, routing, context, request and response, middleware, hooks, blueprints and
 * errors. Does no I/O of its own (see README.md in this folder).
 * @module
 */
export { FlagonError } from "../utils/index.ts";
export {
  App,
  type AppRuntime,
  type DebugRenderer,
  type FetchFn,
  type ListenFn,
  type RouteInfo,
} from "./app.ts";
export { DEFAULT_ALLOWED_HOSTS, resolveOptions } from "./app-options.ts";
export { Blueprint, type BlueprintOptions } from "./blueprint.ts";
export { compose, type Endpoint } from "./compose.ts";
export { type AppRef, Context } from "./context.ts";
export { httpErrorResponse, internalErrorResponse, wantsHtml } from "./error-response.ts";
export { type FilePlan, planFile } from "./file-conditions.ts";
export { FormData } from "./form-data.ts";
export { hostAllowed, splitHost, validateHost } from "./host.ts";
export { abort, asHttpError, HttpError, type HttpErrorOptions } from "./http-error.ts";
export {
  logSecurityEvent,
  type SecurityEventRequest,
  securityRefusal,
} from "./security-event.ts";
export {
  createLogger,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  silentLogger,
} from "./logger.ts";
export {
  type AppOptions,
  type AppOptionsInput,
  DEFAULT_LIMITS,
  DEFAULT_SECURITY_HEADERS,
  type Limits,
  type MultipartLimits,
  type TrustProxy,
} from "./options.ts";
export type {
  RawHeaders,
  RawRequest,
  UploadedFile,
  UploadMeta,
  UploadStore,
} from "./raw-request.ts";
export { bodyTooLarge } from "./read-body.ts";
export type { Renderer } from "./renderer.ts";
export { type RedirectOptions, redirect } from "./redirect.ts";
export { FlagonRequest } from "./request.ts";
export {
  COOKIE_DEFAULTS,
  type CookieOptions,
  type FileBody,
  type FileStat,
  FlagonResponse,
  isFileBody,
  type ResponseBody,
  type ResponseInit,
} from "./response.ts";
export {
  type FileOptions,
  file,
  html,
  json,
  stream,
  stringifyJson,
  text,
} from "./response-helpers.ts";
export { type HeaderRecord, ResponseHeaders } from "./response-headers.ts";
export {
  type Converter,
  type ConverterTypes,
  type MatchResult,
  type PathParams,
  Router,
  type RouterOptions,
} from "./router/index.ts";
export { type ErrorKey, type RouteDef, type RouteOptions, Scope } from "./scope.ts";
export { assertStrongSecretKey, MIN_SECRET_LENGTH, secretKeyProblem } from "./secret-key.ts";
export { formatSseEvent, type SseEvent, type SseOptions, sse } from "./sse.ts";
export { STATUS_TEXT, statusText } from "./status.ts";
export { isPromiseLike, toResponse } from "./to-response.ts";
export type {
  AfterHook,
  BeforeHook,
  ContextVars,
  ErrorHandler,
  Handler,
  HandlerResult,
  Middleware,
  Next,
  TeardownHook,
} from "./types.ts";
