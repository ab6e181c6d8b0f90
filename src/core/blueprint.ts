/**
 * Blueprints (Flask's name): a named group of routes with its own prefix, middleware, hooks and
 * error handlers. A blueprint inherits everything from the scopes it is mounted in and adds to it
 * for its own routes only; it cannot change its parent.
 * @module
 */
import { FlagonError } from "../utils/index.ts";
import { Scope } from "./scope.ts";

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export interface BlueprintOptions {
  /** URL prefix, e.g. "/api". @default "" */
  prefix?: string;
  /**
   * A folder of templates that ships with this blueprint (a path or a `file:` URL). The
   * template engine searches it after the project's folders, so a project can override it.
   */
  templateFolder?: string | URL;
}

export class Blueprint extends Scope {
  /** Route names inside the blueprint are reversed as `"<name>.<route>"`. */
  readonly name: string;
  readonly prefix: string;
  readonly templateFolder: string | URL | undefined;

  constructor(name: string, options: BlueprintOptions = {}) {
    super();
    if (!NAME.test(name)) {
      throw new FlagonError(
        "FLG_ERR_BLUEPRINT_NAME",
        `Blueprint name "${name}" must start with a letter or "_" and hold only letters, digits, "_" and "-"`,
        500,
      );
    }
    this.name = name;
    this.prefix = normalisePrefix(options.prefix ?? "");
    this.templateFolder = options.templateFolder;
  }

  /** @internal Called by the app when it builds; no route can be added after. */
  freeze(): void {
    this.frozen = true;
  }
}

/** "" or "/x/y" without a trailing slash. */
export function normalisePrefix(prefix: string): string {
  if (prefix === "" || prefix === "/") return "";
  const withLead = prefix.startsWith("/") ? prefix : `/${prefix}`;
  return withLead.endsWith("/") ? withLead.slice(0, -1) : withLead;
}
