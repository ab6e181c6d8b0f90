/**
 * Adding a new app to a project's `installedApps`, as `flagon startapp` does. The settings file
 * is edited only when it still has the shape `startproject` wrote: one `installedApps: [...]`
 * holding plain names, and one-line imports at the top. Anything else is left alone and the
 * caller prints the two lines to add by hand, since a wrong edit of someone's settings is worse
 * than none.
 * @module
 */

const INSTALLED = /^([ \t]*)installedApps:[ \t]*\[([^\]]*)\],?[ \t]*$/gm;
const IMPORT_LINE = /^import [^\n;]* from "[^"\n]+";[ \t]*$/gm;
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export interface InstallPlan {
  /** The variable the settings file imports the app as. */
  readonly variable: string;
  /** `import blog from "./blog/app.ts";` */
  readonly importLine: string;
}

/** The import line for an app at `importPath`, under a name not yet used in `settings`. */
export function installPlan(settings: string, name: string, importPath: string): InstallPlan {
  const used = (word: string) => new RegExp(`\\b${word}\\b`).test(settings);
  const variable = !used(name) ? name : `${name}App`;
  return { variable, importLine: `import ${variable} from ${JSON.stringify(importPath)};` };
}

/**
 * The settings text with the app imported and appended to `installedApps`, or `undefined` when
 * the file is not in the expected form (or already imports a variable of that name).
 */
export function addInstalledApp(settings: string, plan: InstallPlan): string | undefined {
  const lists = [...settings.matchAll(INSTALLED)];
  const imports = [...settings.matchAll(IMPORT_LINE)];
  if (lists.length !== 1 || imports.length === 0) return undefined;
  if (new RegExp(`\\b${plan.variable}\\b`).test(settings)) return undefined;
  const list = lists[0]!;
  const items = list[2]!
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (!items.every((s) => IDENT.test(s))) return undefined;
  const lastImport = imports.at(-1)!;
  const importEnd = lastImport.index + lastImport[0].length;
  if (importEnd > list.index) return undefined;
  const newList = `${list[1]}installedApps: [${[...items, plan.variable].join(", ")}],`;
  return (
    settings.slice(0, importEnd) +
    `\n${plan.importLine}` +
    settings.slice(importEnd, list.index) +
    newList +
    settings.slice(list.index + list[0].length)
  );
}
