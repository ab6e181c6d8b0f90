/**
 * Resolving a `FileBody` into what to send: stat the file (unless the body carries a stat), run
 * the core's conditional/Range plan, and say which bytes to stream. Shared by the node and fetch
 * adapters.
 * @module
 */
import { type FileBody, FlagonResponse, planFile, type RawHeaders } from "../core/index.ts";
import { contentTypeFor, nodeFsPromises } from "../utils/index.ts";

export interface FileSend {
  status: number;
  headers: Record<string, string | string[]>;
  /** Bytes to stream, inclusive; absent when there is no body (304, 412, 416, empty file). */
  range?: { start: number; end: number };
  path: string;
}

/**
 * Plan a file response. A missing file or a directory is a plain 404 response (the file may have
 * vanished between the handler and now), never an exception.
 */
export async function resolveFile(
  body: FileBody,
  res: FlagonResponse,
  reqHeaders: RawHeaders,
): Promise<FileSend | FlagonResponse> {
  let info = body.stat;
  if (info === undefined) {
    try {
      const s = await nodeFsPromises().stat(body.path);
      if (!s.isFile()) return notFound();
      info = { size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      return notFound();
    }
  }
  const plan = planFile(info, reqHeaders);
  const headers: Record<string, string | string[]> = { ...res.headers.record, ...plan.headers };
  if (headers["content-type"] === undefined) headers["content-type"] = contentTypeFor(body.path);
  if (body.contentEncoding !== undefined) {
    headers["content-encoding"] = body.contentEncoding;
    headers.vary = "Accept-Encoding";
  }
  let status: number = plan.status;
  if (plan.status === 200 && res.status !== 200) status = res.status;
  const range =
    plan.range !== undefined && plan.range.end >= plan.range.start ? plan.range : undefined;
  if (plan.status === 304 || plan.status === 416) {
    delete headers["content-type"];
    delete headers["content-encoding"];
  }
  return { status, headers, range, path: body.path };
}

function notFound(): FlagonResponse {
  const res = new FlagonResponse(
    '{"error":{"status":404,"code":"FLG_ERR_NOT_FOUND","message":"File not found"}}',
    404,
  );
  res.headers.set("content-type", "application/json; charset=utf-8");
  return res;
}
