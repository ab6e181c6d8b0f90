/**
 * Static files: `serveStatic` (a handler for a greedy route) and `mountStatic` (the route too).
 * @module
 */
export { type StaticEncoding, acceptedEncodings } from "./accept-encoding.ts";
export { type MountStaticOptions, mountStatic } from "./mount-static.ts";
export type { StaticOptions } from "./options.ts";
export { serveStatic } from "./serve-static.ts";
