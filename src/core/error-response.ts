/**
 * The default answer for an error no handler took: a short page or a JSON body, chosen by the
 * client's Accept header. 4xx messages are shown (they explain what was wrong with the request);
 * a 5xx shows only a generic message and a request id, which is also in the log line.
 * @module
 */
import { escapeHtml } from "../utils/index.ts";
import { asHttpError, type HttpError } from "./http-error.ts";
import { html, json } from "./response-helpers.ts";
import type { FlagonResponse } from "./response.ts";
import { statusText } from "./status.ts";

export interface ErrorBody {
  status: number;
  code: string;
  message: string;
  requestId?: string;
}

/** Whether the client prefers an HTML page (a browser) over JSON. */
export function wantsHtml(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const h = accept.indexOf("text/html");
  if (h === -1) return false;
  const j = accept.indexOf("application/json");
  return j === -1 || h < j;
}

function render(
  body: ErrorBody,
  accept: string | undefined,
  headers: Record<string, string>,
): FlagonResponse {
  const res = wantsHtml(accept)
    ? html(
        `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${body.status} ${escapeHtml(statusText(body.status))}</title></head>` +
          `<body><h1>${body.status} ${escapeHtml(statusText(body.status))}</h1><p>${escapeHtml(body.message)}</p>` +
          (body.requestId === undefined
            ? ""
            : `<p><small>Request id: ${escapeHtml(body.requestId)}</small></p>`) +
          `</body></html>\n`,
        body.status,
      )
    : json({ error: body }, body.status);
  for (const key of Object.keys(headers)) res.headers.set(key, headers[key]!);
  return res;
}

/** Response for an `HttpError` (or a lower-layer 4xx `FlagonError`). */
export function httpErrorResponse(err: HttpError, accept: string | undefined): FlagonResponse {
  const message = err.expose ? err.message : statusText(err.status);
  return render({ status: err.status, code: err.code, message }, accept, err.headers);
}

/** Response for anything else: a 500 that names nothing but the request id. */
export function internalErrorResponse(
  requestId: string,
  accept: string | undefined,
): FlagonResponse {
  return render(
    {
      status: 500,
      code: "FLG_ERR_INTERNAL",
      message:
        "The server hit an unexpected error. The request id below identifies it in the server's log.",
      requestId,
    },
    accept,
    {},
  );
}

/** @internal Classify: an HttpError to answer as is, or undefined for a 500. */
export function httpErrorOf(err: unknown): HttpError | undefined {
  return asHttpError(err);
}
