/**
 * `Renderer`: the one seam through which `ctx.render()` reaches a template engine. The core
 * knows only this interface; `flagon/templates` (a higher layer) implements it and installs it
 * with `app.setRenderer()`, so importing `flagon` loads no engine.
 * @module
 */
import type { Context } from "./context.ts";

export interface Renderer {
  /** Render the template called `name` for this request, with `data` over the engine's globals. */
  render(ctx: Context, name: string, data: Record<string, unknown> | undefined): Promise<string>;
}
