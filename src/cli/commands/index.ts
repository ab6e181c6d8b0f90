/**
 * The built-in commands.
 * @module
 */
export { collectstaticCommand } from "./collectstatic.ts";
export { helpCommand, versionCommand } from "./help.ts";
export { checkCommand } from "./check.ts";
export { routesCommand } from "./routes.ts";
export { runserverCommand } from "./runserver.ts";
export { serveCommand } from "./serve.ts";
export { startappCommand } from "./startapp.ts";
export { startprojectCommand } from "./startproject.ts";
export { testCommand } from "./test.ts";
export { dbshellCommand } from "./dbshell.ts";
export { dumpdataCommand } from "./dumpdata.ts";
export { loaddataCommand } from "./loaddata.ts";
export { makemigrationsCommand } from "./makemigrations.ts";
export { migrateCommand } from "./migrate.ts";
export { shellCommand } from "./shell.ts";
export { showmigrationsCommand } from "./showmigrations.ts";
export { sqlmigrateCommand } from "./sqlmigrate.ts";
export { squashmigrationsCommand } from "./squashmigrations.ts";
