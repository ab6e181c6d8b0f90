/**
 * Checks Node's parser does not make: too many headers (Node truncates silently, A9), a missing
 * or repeated Host on HTTP/1.1 (Node keeps the first of two, A10), a Transfer-Encoding other
 * than `chunked` (A4), and any on HTTP/1.0 (A13). Each is answered before the app sees the
 * request. (Node can refuse a missing Host itself, `requireHostHeader`, but then answers without
 * the security headers and with no way to log the refusal; the server turns that off.)
 * @module
 */
import type { IncomingMessage } from "node:http";

export interface Refusal {
  status: 400 | 431;
  code: string;
  message: string;
}

export function guardRequest(req: IncomingMessage, headerLimit: number): Refusal | undefined {
  const raw = req.rawHeaders;
  if (raw.length > headerLimit * 2) {
    return {
      status: 431,
      code: "FLG_ERR_TOO_MANY_HEADERS",
      message: `More than ${headerLimit} request headers`,
    };
  }
  let hosts = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    // Compare only 4-letter names: the common case costs one length check per header.
    if (
      name.length === 4 &&
      (name === "Host" || name === "host" || name.toLowerCase() === "host") &&
      ++hosts > 1
    ) {
      return { status: 400, code: "FLG_ERR_HOST_DUPLICATE", message: "More than one Host header" };
    }
  }
  if (hosts === 0 && req.httpVersionMajor === 1 && req.httpVersionMinor === 1) {
    return {
      status: 400,
      code: "FLG_ERR_HOST_MISSING",
      message: "An HTTP/1.1 request needs a Host header",
    };
  }
  const te = req.headers["transfer-encoding"];
  if (te !== undefined) {
    if (req.httpVersionMinor === 0) {
      return {
        status: 400,
        code: "FLG_ERR_FRAMING",
        message: "Transfer-Encoding is not allowed in HTTP/1.0",
      };
    }
    // Node hands an unknown coding such as "xchunked" to the app before failing on the body;
    // anything but plain "chunked" is refused before a handler can run (A4).
    if (te.trim().toLowerCase() !== "chunked") {
      return {
        status: 400,
        code: "FLG_ERR_FRAMING",
        message: "Only Transfer-Encoding: chunked is accepted",
      };
    }
  }
  return undefined;
}
