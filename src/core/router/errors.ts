/**
 * Coded router errors. They are thrown at startup (bad route table) or by `url()` (bad reverse
 * call), never by `match()`: a request can only ever produce a result, not an exception.
 * @module
 */

export type RouterErrorCode =
  | "FLG_ERR_ROUTE_SYNTAX"
  | "FLG_ERR_ROUTE_CONVERTER"
  | "FLG_ERR_ROUTE_DUPLICATE"
  | "FLG_ERR_ROUTE_NAME_DUPLICATE"
  | "FLG_ERR_ROUTE_NAME_UNKNOWN"
  | "FLG_ERR_URL_PARAM";

/** Base class: `code` is stable and documented; the message is for humans and may change. */
export class RouterError extends Error {
  readonly code: RouterErrorCode;

  constructor(code: RouterErrorCode, message: string) {
    super(message);
    this.code = code;
    // The subclass name shows in stack traces, which is what a reader scans for.
    this.name = new.target.name;
  }
}

/** A route path that the router cannot parse (bad param, mixed segment, empty segment...). */
export class RouteSyntaxError extends RouterError {
  constructor(path: string, problem: string) {
    super("FLG_ERR_ROUTE_SYNTAX", `Invalid route path "${path}": ${problem}`);
  }
}

/** A route names a converter that is neither built in nor passed in `converters`. */
export class RouteConverterError extends RouterError {
  constructor(path: string, converter: string, known: readonly string[]) {
    super(
      "FLG_ERR_ROUTE_CONVERTER",
      `Route "${path}" uses unknown converter <${converter}>; known converters: ${known.join(", ")}`,
    );
  }
}

/** Two routes with the same method and the same path shape (param names do not count). */
export class RouteDuplicateError extends RouterError {
  constructor(method: string, path: string, existing: string) {
    super(
      "FLG_ERR_ROUTE_DUPLICATE",
      `Route ${method} "${path}" duplicates ${method} "${existing}", which was added first`,
    );
  }
}

/** Two routes registered under the same name. */
export class RouteNameDuplicateError extends RouterError {
  constructor(name: string, path: string, existing: string) {
    super(
      "FLG_ERR_ROUTE_NAME_DUPLICATE",
      `Route name "${name}" for "${path}" is already used by "${existing}"`,
    );
  }
}

/** `url()` was asked for a name that no route has. */
export class RouteNameUnknownError extends RouterError {
  constructor(name: string) {
    super("FLG_ERR_ROUTE_NAME_UNKNOWN", `No route is named "${name}"`);
  }
}

/** `url()` got a missing, extra or unformattable param value. */
export class UrlParamError extends RouterError {
  constructor(name: string, path: string, problem: string) {
    super("FLG_ERR_URL_PARAM", `Cannot build URL for route "${name}" (${path}): ${problem}`);
  }
}
