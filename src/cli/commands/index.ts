/**
 * The built-in commands.
 * @module
 */
export { helpCommand, versionCommand } from "./help.ts";
export { runserverCommand } from "./runserver.ts";
export { serveCommand } from "./serve.ts";
