/**
 * Preload for the import-cost test: records every module file Node loads and prints the list as
 * JSON on exit. Uses the synchronous module hooks of Node >= 22.15.
 */
import { registerHooks } from "node:module";

const loaded: string[] = [];
registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith("file:")) loaded.push(url);
    return nextLoad(url, context);
  },
});
process.on("exit", () => {
  process.stdout.write(`\n__MODULES__${JSON.stringify(loaded)}\n`);
});
