/**
 * Where a function was defined (`routes.ts:12`), for `flagon routes`. V8 knows every function's
 * source position; the in-process inspector reads it synchronously. When the inspector is not
 * available the answer is simply unknown.
 * @module
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

type Post = (method: string, params: object, cb: (err: Error | null, res: any) => void) => void;

/** `file:line` of each function (relative to `cwd`), for those whose place is known. */
export async function functionLocations(
  fns: readonly Function[],
  cwd: string,
): Promise<Map<Function, string>> {
  const out = new Map<Function, string>();
  if (fns.length === 0) return out;
  let inspector: typeof import("node:inspector");
  try {
    inspector = await import("node:inspector");
  } catch {
    return out;
  }
  const session = new inspector.Session();
  const scripts = new Map<string, string>();
  const key = Symbol.for("flagon.routes.fn");
  const g = globalThis as Record<symbol, unknown>;
  try {
    session.connect();
    session.on("Debugger.scriptParsed", (m: { params: { scriptId: string; url: string } }) =>
      scripts.set(m.params.scriptId, m.params.url),
    );
    const post = session.post.bind(session) as unknown as Post;
    // An in-process session answers synchronously: each callback has run when post returns.
    post("Debugger.enable", {}, () => {});
    for (const fn of new Set(fns)) {
      g[key] = fn;
      let objectId: string | undefined;
      post(
        "Runtime.evaluate",
        { expression: "globalThis[Symbol.for('flagon.routes.fn')]" },
        (err, res) => {
          if (err === null) objectId = res?.result?.objectId;
        },
      );
      if (objectId === undefined) continue;
      post("Runtime.getProperties", { objectId, ownProperties: true }, (err, res) => {
        const loc = (res?.internalProperties ?? []).find(
          (p: { name: string }) => p.name === "[[FunctionLocation]]",
        )?.value?.value as { scriptId: string; lineNumber: number } | undefined;
        const url = loc === undefined ? undefined : scripts.get(loc.scriptId);
        if (err !== null || loc === undefined || url === undefined || url === "") return;
        const file = url.startsWith("file:") ? fileURLToPath(url) : url;
        out.set(fn, `${relative(cwd, file) || file}:${loc.lineNumber + 1}`);
      });
    }
    post("Debugger.disable", {}, () => {});
  } catch {
    // No inspector in this build of Node, or it refused: locations stay unknown.
  } finally {
    delete g[key];
    try {
      session.disconnect();
    } catch {
      // Never connected.
    }
  }
  return out;
}
