/**
 * The debug error page (debug mode only).
 * @module
 */
export { renderDebugPage } from "./render-debug-page.ts";
