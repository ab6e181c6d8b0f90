/**
 * The Flagon router: typed path params, converters, matching by specificity, reverse routing.
 * No I/O and no dependencies.
 * @module
 */
export { type Converter, type ConverterTypes, builtinConverters } from "./converters.ts";
export {
  RouteConverterError,
  RouteDuplicateError,
  RouteNameDuplicateError,
  RouteNameUnknownError,
  RouterError,
  type RouterErrorCode,
  RouteSyntaxError,
  UrlParamError,
} from "./errors.ts";
export type { PathParams } from "./path-params.ts";
export type { Query, QueryValue } from "./reverse.ts";
export { type MatchResult, Router, type RouterOptions } from "./router.ts";
