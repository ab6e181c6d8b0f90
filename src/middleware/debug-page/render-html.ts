/**
 * The debug page's HTML: one self-contained document (inline CSS, no script, no external asset),
 * every value escaped. Frames of the app open, frames of Node and dependencies collapsed, using
 * `<details>` so no JavaScript is needed.
 * @module
 */
import { escapeHtml as e } from "../../utils/index.ts";
import type { ErrorReport, FrameReport } from "./error-report.ts";
import type { RequestInfo } from "./request-info.ts";

const CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.5 system-ui,sans-serif;color:#1f2328;background:#f6f8fa}
header{background:#8c1d18;color:#fff;padding:20px 28px}header h1{margin:0;font-size:20px}
header .msg{margin:8px 0 0;font:15px/1.4 ui-monospace,monospace;white-space:pre-wrap;word-break:break-word}
.code{display:inline-block;margin-left:8px;padding:1px 8px;border-radius:10px;background:#ffffff33;font-size:12px}
main{padding:16px 28px;max-width:1200px}h2{font-size:16px;margin:24px 0 8px}
details{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:6px 0}
summary{cursor:pointer;padding:6px 10px;font:13px ui-monospace,monospace;word-break:break-all}
details.lib summary{color:#656d76}summary .fn{font-weight:600}
ol.src{margin:0;padding:6px 0;list-style:none;font:12px/1.5 ui-monospace,monospace;overflow-x:auto;border-top:1px solid #d0d7de}
ol.src li{white-space:pre;padding:0 10px}ol.src li.cur{background:#ffebe9}
ol.src .n{display:inline-block;width:5ch;color:#8c959f;text-align:right;margin-right:12px;user-select:none}
table{border-collapse:collapse;background:#fff;width:100%;font:12px ui-monospace,monospace}
td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;word-break:break-all}th{width:22%;background:#f6f8fa}
.cause{border-left:3px solid #8c1d18;padding-left:12px}footer{padding:16px 28px;color:#656d76;font-size:12px}
`;

function frameHtml(f: FrameReport): string {
  const where = f.line === undefined ? f.file : `${f.file}:${f.line}:${f.column}`;
  const fn = f.fn === undefined ? "" : `<span class="fn">${e(f.fn)}</span> `;
  const source =
    f.source === undefined
      ? ""
      : `<ol class="src">${f.source
          .map(
            (l) =>
              `<li${l.current ? ' class="cur"' : ""}><span class="n">${l.number}</span>${e(l.text)}</li>`,
          )
          .join("")}</ol>`;
  const open = !f.library && f.source !== undefined ? " open" : "";
  return `<details class="${f.library ? "lib" : "app"}"${open}><summary>${fn}${e(where)}</summary>${source}</details>`;
}

function framesHtml(r: ErrorReport): string {
  if (r.frames.length === 0) return "<p>No stack trace.</p>";
  return r.frames.map(frameHtml).join("\n");
}

function tableHtml(rows: Array<[string, string]>, empty: string): string {
  if (rows.length === 0) return `<p>${empty}</p>`;
  return `<table>${rows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`).join("")}</table>`;
}

function codeBadge(r: ErrorReport): string {
  return r.code === undefined ? "" : `<span class="code">${e(r.code)}</span>`;
}

export function renderHtml(reports: readonly ErrorReport[], req: RequestInfo): string {
  const top = reports[0]!;
  const causes = reports
    .slice(1)
    .map(
      (c) =>
        `<section class="cause"><h2>Caused by ${e(c.className)}${codeBadge(c)}</h2><p>${e(c.message)}</p>${framesHtml(c)}</section>`,
    )
    .join("\n");
  const query = req.query.map(([k, v]): [string, string] => [k, v]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><title>${e(top.className)} at ${e(req.method)} ${e(req.path)}</title>
<style>${CSS}</style></head><body>
<header><h1>${e(top.className)}${codeBadge(top)}</h1><p class="msg">${e(top.message)}</p>
<p>${e(req.method)} ${e(req.path)}</p></header>
<main>
<h2>Traceback</h2>
${framesHtml(top)}
${causes}
<h2>Request</h2>
${tableHtml(
  [
    ["Method", req.method],
    ["Path", req.path],
  ],
  "",
)}
<h2>Query</h2>
${tableHtml(query, "No query parameters.")}
<h2>Headers</h2>
${tableHtml(req.headers, "No headers.")}
</main>
<footer>Flagon shows this page because <code>debug</code> is on. Never turn debug on in production:
this page shows source code and request details.</footer>
</body></html>
`;
}
