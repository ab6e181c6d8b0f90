/**
 * The pure part of sending a file: given its size and mtime and the request's conditional and
 * Range headers, decide the status, validators and byte range. Adapters do the stat and the
 * reading; this decides what they send.
 * @module
 */
import {
  etagMatches,
  formatHttpDate,
  parseHttpDate,
  parseRange,
  weakEtagFor,
} from "../utils/index.ts";
import type { FileStat } from "./response.ts";
import type { RawHeaders } from "./raw-request.ts";

export interface FilePlan {
  status: 200 | 206 | 304 | 412 | 416;
  headers: Record<string, string>;
  /** Inclusive byte range to send; absent for 304/412/416 and HEAD-like empty bodies. */
  range?: { start: number; end: number };
}

function one(headers: RawHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(", ") : v;
}

export function planFile(stat: FileStat, headers: RawHeaders): FilePlan {
  const etag = weakEtagFor(stat.size, stat.mtimeMs);
  const mtimeSec = Math.floor(stat.mtimeMs / 1000);
  const base: Record<string, string> = {
    etag,
    "last-modified": formatHttpDate(new Date(mtimeSec * 1000)),
    "accept-ranges": "bytes",
  };
  const inm = one(headers, "if-none-match");
  if (inm !== undefined) {
    if (etagMatches(inm, etag)) return { status: 304, headers: base };
  } else {
    const ims = parseHttpDate(one(headers, "if-modified-since") ?? "");
    if (ims !== undefined && mtimeSec * 1000 <= ims) return { status: 304, headers: base };
  }
  const full = {
    status: 200 as const,
    headers: { ...base, "content-length": String(stat.size) },
    range: { start: 0, end: stat.size - 1 },
  };
  const rangeHeader = one(headers, "range");
  if (rangeHeader === undefined) return full;
  // If-Range: the range applies only when the client's validator still matches.
  const ifRange = one(headers, "if-range");
  if (ifRange !== undefined) {
    const date = parseHttpDate(ifRange);
    const still = date !== undefined ? mtimeSec * 1000 <= date : ifRange === etag;
    if (!still) return full;
  }
  const range = parseRange(rangeHeader, stat.size, { maxRanges: 1 });
  if (range === undefined) return full;
  if (range === "unsatisfiable") {
    return { status: 416, headers: { ...base, "content-range": `bytes */${stat.size}` } };
  }
  return {
    status: 206,
    headers: {
      ...base,
      "content-range": `bytes ${range.start}-${range.end}/${stat.size}`,
      "content-length": String(range.end - range.start + 1),
    },
    range,
  };
}
