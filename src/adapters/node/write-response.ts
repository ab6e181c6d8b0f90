/**
 * Writing a `FlagonResponse` to a node:http `ServerResponse`. Strings and bytes go out in one
 * `writeHead` + `end`; streams and files are piped with backpressure, and a failing stream tears
 * the connection down (the status line is already gone, so no error page is possible).
 * @module
 */
import type { ServerResponse } from "node:http";
import {
  type FileBody,
  type FlagonResponse,
  isFileBody,
  type Logger,
  type RawHeaders,
} from "../../core/index.ts";
import { nodeFs, nodeStream, nodeStreamPromises } from "../../utils/index.ts";
import { resolveFile } from "../file-sender.ts";

/** 204 and 304 carry no body, and so no Content-Length. */
function hasBody(status: number): boolean {
  return status !== 204 && status !== 304;
}

/** Errors that only mean the client went away while the body was being sent. */
const CLIENT_GONE = new Set([
  "ERR_STREAM_PREMATURE_CLOSE",
  "ERR_STREAM_UNABLE_TO_PIPE",
  "ERR_STREAM_DESTROYED",
  "ECONNRESET",
  "EPIPE",
]);

function clientGone(err: unknown): boolean {
  return CLIENT_GONE.has((err as { code?: string } | undefined)?.code ?? "");
}

/** What writing needs beyond the response: a logger and adapter headers (one per server). */
export interface WriteContext {
  readonly logger: Logger;
  /** Security headers for responses the adapter writes itself. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Headers for responses the adapter writes itself (refusals before routing, the last-resort
 * 500): the app's security headers, so no response leaves without them (N3).
 */
export function adapterHeaders(
  security: false | Readonly<Record<string, string>>,
  https: boolean,
): Record<string, string> {
  if (security === false) return {};
  const headers: Record<string, string> = { ...security };
  if (https) headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

/** A JSON error written without the app (refusals, last resort); the connection closes after. */
export function writeRaw(
  res: ServerResponse,
  status: number,
  error: Record<string, unknown>,
  baseHeaders: Readonly<Record<string, string>>,
): void {
  const body = JSON.stringify({ error: { status, ...error } });
  res.writeHead(status, {
    ...baseHeaders,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
    connection: "close",
  });
  res.end(body);
}

/** Last resort when the response itself cannot be written (a header Node refuses, say). */
function writeFallback(res: ServerResponse, ctx: WriteContext, err: unknown): void {
  const requestId = crypto.randomUUID();
  ctx.logger.error("response could not be written", { err, requestId });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  try {
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    const message = "The server hit an unexpected error.";
    writeRaw(res, 500, { code: "FLG_ERR_INTERNAL", message, requestId }, ctx.headers);
  } catch {
    res.destroy();
  }
}

export function writeResponse(
  res: ServerResponse,
  r: FlagonResponse,
  ctx: WriteContext,
): undefined | Promise<void> {
  const body = r.body;
  try {
    if (typeof body === "string") {
      const record = r.headers.record;
      if (hasBody(r.status)) record["content-length"] = String(Buffer.byteLength(body));
      res.writeHead(r.status, record);
      res.end(body);
      return;
    }
    if (body === null || body instanceof Uint8Array) {
      const record = r.headers.record;
      if (hasBody(r.status)) {
        record["content-length"] = String(body === null ? 0 : body.byteLength);
      }
      res.writeHead(r.status, record);
      res.end(body ?? undefined);
      return;
    }
  } catch (err) {
    writeFallback(res, ctx, err);
    return;
  }
  if (isFileBody(body)) return writeFile(res, r, body, ctx);
  return writeStream(res, r, body, ctx);
}

async function writeStream(
  res: ServerResponse,
  r: FlagonResponse,
  body: AsyncIterable<Uint8Array | string>,
  ctx: WriteContext,
): Promise<void> {
  if (res.destroyed) return;
  try {
    res.writeHead(r.status, r.headers.record);
  } catch (err) {
    writeFallback(res, ctx, err);
    return;
  }
  res.flushHeaders();
  try {
    await nodeStreamPromises().pipeline(
      nodeStream().Readable.from(body, { objectMode: false }),
      res,
    );
  } catch (err) {
    if (!clientGone(err)) ctx.logger.error("response stream failed", { err });
    res.destroy();
  }
}

async function writeFile(
  res: ServerResponse,
  r: FlagonResponse,
  body: FileBody,
  ctx: WriteContext,
): Promise<void> {
  // The request's conditional and Range headers decide what is sent.
  const plan = await resolveFile(body, r, res.req.headers as RawHeaders);
  if (!("path" in plan)) return writeResponse(res, plan, ctx);
  // The client may have left while the file was stat'ed: nothing to send, nothing to log.
  if (res.destroyed) return;
  try {
    res.writeHead(plan.status, plan.headers);
  } catch (err) {
    writeFallback(res, ctx, err);
    return;
  }
  if (plan.range === undefined || res.req.method === "HEAD") {
    res.end();
    return;
  }
  try {
    const file = nodeFs().createReadStream(plan.path, {
      start: plan.range.start,
      end: plan.range.end,
    });
    await nodeStreamPromises().pipeline(file, res);
  } catch (err) {
    if (!clientGone(err)) {
      ctx.logger.error("file stream failed", { err, path: plan.path });
    }
    res.destroy();
  }
}
