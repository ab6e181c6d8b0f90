/**
 * `HttpError` is the one exception type that carries an HTTP answer. Anything thrown that is not
 * an `HttpError` becomes a generic 500 whose details never reach the client outside debug mode.
 * @module
 */
import { FlagonError } from "../utils/index.ts";
import { statusText } from "./status.ts";

export interface HttpErrorOptions {
  /** A stable machine-readable code, e.g. `FLG_ERR_BODY_TOO_LARGE`. */
  code?: string;
  /** Extra headers for the error response (`Allow`, `Retry-After`, ...). */
  headers?: Record<string, string>;
  /** Whether `message` may be shown to the client. Default: true below 500, false from 500 on. */
  expose?: boolean;
  cause?: unknown;
}

/** An error that maps to an HTTP status. Throw it from anywhere in a request. */
export class HttpError extends FlagonError {
  readonly headers: Record<string, string>;
  readonly expose: boolean;

  constructor(status: number, message?: string, options: HttpErrorOptions = {}) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpError status must be an integer from 400 to 599, got ${status}`);
    }
    super(options.code ?? `FLG_HTTP_${status}`, message ?? statusText(status), status, {
      cause: options.cause,
    });
    this.name = "HttpError";
    this.headers = options.headers ?? {};
    this.expose = options.expose ?? status < 500;
  }
}

/**
 * An `HttpError` built without a stack trace, for the answers the framework itself gives (404,
 * 405): the stack would only point into the router, and capturing it is most of the cost of a
 * not-found answer under a scan.
 */
export function routingError(
  status: number,
  message: string,
  options: HttpErrorOptions,
): HttpError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new HttpError(status, message, options);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Stop the request with an HTTP error, Flask's `abort(404)`.
 * @example abort(403, "Only the owner can edit this note")
 */
export function abort(status: number, message?: string, options?: HttpErrorOptions): never {
  throw new HttpError(status, message, options);
}

/** Turn a `FlagonError` from a lower layer (parsers, limits) into an `HttpError` when it is a 4xx. */
export function asHttpError(err: unknown): HttpError | undefined {
  if (err instanceof HttpError) return err;
  if (err instanceof FlagonError && err.status >= 400 && err.status < 500) {
    return new HttpError(err.status, err.message, { code: err.code, cause: err });
  }
  return undefined;
}
