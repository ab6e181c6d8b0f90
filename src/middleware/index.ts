/**
 * `flagon/middleware`: handlers and pages built on the core: static files and the debug page.
 * @module
 */
export { renderDebugPage } from "./debug-page/index.ts";
export { ERR_STATIC_NOT_FOUND, ERR_STATIC_OPTION, ERR_STATIC_ROOT } from "./errors.ts";
export {
  acceptedEncodings,
  type MountStaticOptions,
  mountStatic,
  type StaticEncoding,
  type StaticOptions,
  serveStatic,
} from "./static/index.ts";
