/**
 * Types shared across the core: what a handler may return, handler and middleware signatures,
 * and the augmentable `ContextVars`.
 * @module
 */
import type { Context } from "./context.ts";
import type { FlagonResponse } from "./response.ts";

/**
 * Per-request values set by middleware and batteries. Extend it by augmentation:
 * @example
 * declare module "flagon" { interface ContextVars { user: User | null } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging.
export interface ContextVars {}

/**
 * What a handler may return: a string (text/plain), any JSON value (application/json), bytes,
 * a `FlagonResponse`, or nothing (204).
 */
export type HandlerResult =
  | FlagonResponse
  | string
  | Uint8Array
  | number
  | boolean
  | readonly unknown[]
  | Record<string, unknown>
  | object
  | null
  | undefined
  | void;

export type Handler<P = Record<string, unknown>> = (
  ctx: Context<P>,
) => HandlerResult | Promise<HandlerResult>;

/** `next` runs the rest of the chain and resolves to its response. */
export type Next = () => Promise<FlagonResponse>;

/**
 * Onion middleware. Return the response from `next()` (possibly changed) or one of your own;
 * returning nothing after calling `next()` passes its response on.
 */
export type Middleware = (ctx: Context, next: Next) => HandlerResult | Promise<HandlerResult>;

/** Runs before the handler; returning a value other than `undefined` answers the request. */
export type BeforeHook = (ctx: Context) => HandlerResult | Promise<HandlerResult>;
/** Runs after the handler with its response; may return a replacement. */
export type AfterHook = (
  ctx: Context,
  res: FlagonResponse,
) => FlagonResponse | void | Promise<FlagonResponse | void>;
/** Runs once the response is final, even after an error; must not throw (errors are logged). */
export type TeardownHook = (ctx: Context, error: unknown) => void | Promise<void>;
/** Turns an error into a response. */
export type ErrorHandler<E = unknown> = (
  error: E,
  ctx: Context,
) => HandlerResult | Promise<HandlerResult>;
