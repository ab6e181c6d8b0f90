/**
 * `renderDebugPage(err, ctx)`: the page an app shows for an unhandled error in debug mode. The
 * app calls it only when `debug` is true (the core checks, not this function), and falls back
 * to the generic 500 if it throws.
 * @module
 */
import { type Context, FlagonResponse, json, wantsHtml } from "../../core/index.ts";
import { errorReports } from "./error-report.ts";
import { renderHtml } from "./render-html.ts";
import { requestInfo } from "./request-info.ts";

// No script may ever run on this page, whatever slipped through; inline CSS is all it needs.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** An HTML page for browsers, JSON (with the stack) for API clients; status 500, never cached. */
export function renderDebugPage(err: unknown, ctx: Context): FlagonResponse {
  const reports = errorReports(err);
  const req = requestInfo(ctx);
  let res: FlagonResponse;
  if (wantsHtml(ctx.req.header("accept"))) {
    res = new FlagonResponse(renderHtml(reports, req), 500);
    res.headers.set("content-type", "text/html; charset=utf-8");
    res.headers.set("content-security-policy", CSP);
  } else {
    const [top, ...causes] = reports.map((r) => ({
      class: r.className,
      message: r.message,
      code: r.code,
      stack: r.stack,
      frames: r.frames.map((f) => ({
        fn: f.fn,
        file: f.file,
        line: f.line,
        column: f.column,
        library: f.library,
      })),
    }));
    res = json(
      {
        error: { status: 500, debug: true, ...top, code: top?.code ?? "FLG_ERR_INTERNAL", causes },
        request: {
          method: req.method,
          path: req.path,
          query: req.query,
          headers: Object.fromEntries(req.headers),
        },
      },
      500,
    );
  }
  res.headers.set("cache-control", "no-store");
  return res;
}
