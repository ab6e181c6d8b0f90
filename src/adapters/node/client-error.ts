/**
 * What a client whose bytes Node's HTTP parser refuses gets: Node's own answers (431 for
 * oversized headers, 413 for oversized chunk extensions, 408 for a request that took too long,
 * 400 for anything else), written the way the rest of Flagon writes refusals (a coded JSON body,
 * the security headers, `Connection: close`), and a security event in the log. Without a
 * `clientError` listener Node writes a bare status line and logs nothing.
 * @module
 */
import type { Duplex } from "node:stream";
import { type Logger, logSecurityEvent } from "../../core/index.ts";

interface ParserRefusal {
  status: 400 | 408 | 413 | 431;
  code: string;
  message: string;
}

/** Node's parser and timeout error codes, mapped as Node itself maps them. */
export function parserRefusal(errCode: string | undefined): ParserRefusal {
  switch (errCode) {
    case "HPE_HEADER_OVERFLOW":
      return {
        status: 431,
        code: "FLG_ERR_HEADERS_TOO_LARGE",
        message: "The request line or headers are too large",
      };
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return {
        status: 413,
        code: "FLG_ERR_CHUNK_EXTENSIONS_TOO_LARGE",
        message: "The chunk extensions are too large",
      };
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return {
        status: 408,
        code: "FLG_ERR_REQUEST_TIMEOUT",
        message: "The request was not received in time",
      };
    default:
      return {
        status: 400,
        code: "FLG_ERR_MALFORMED_REQUEST",
        message: "The request is not valid HTTP/1.1",
      };
  }
}

const REASONS: Record<ParserRefusal["status"], string> = {
  400: "Bad Request",
  408: "Request Timeout",
  413: "Content Too Large",
  431: "Request Header Fields Too Large",
};

/** The `clientError` listener for a server; `headers` are the adapter's security headers. */
export function clientErrorListener(
  logger: Logger,
  headers: Readonly<Record<string, string>>,
): (err: NodeJS.ErrnoException, socket: Duplex) => void {
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  return (err, socket) => {
    // The peer reset the connection, or it is already closing: nobody is left to answer.
    if (err.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    // An answer to an earlier request on this connection may be on its way; bytes of ours in
    // the middle of it would corrupt it. Node makes the same check for its own answer.
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    const refusal = parserRefusal(err.code);
    if (refusal.status !== 408) {
      logSecurityEvent(
        logger,
        refusal.code,
        refusal.status,
        {
          method: undefined,
          path: undefined,
          ip: (socket as { remoteAddress?: string }).remoteAddress,
        },
        err.code,
      );
    }
    if (inFlight?.headersSent === true) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify({
      error: { status: refusal.status, code: refusal.code, message: refusal.message },
    });
    socket.end(
      `HTTP/1.1 ${refusal.status} ${REASONS[refusal.status]}\r\n` +
        `content-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n${extra}connection: close\r\n\r\n${body}`,
    );
  };
}
