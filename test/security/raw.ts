/**
 * Raw HTTP over `node:net` for the hardening suite (security.md 3.0): exact bytes out, every byte
 * back, and a small HTTP/1.1 response parser that understands pipelined responses. fetch/undici
 * would normalise the malformed requests away, so nothing here uses them.
 *
 * Every call is bounded: a socket that neither answers nor closes is destroyed after `timeout`.
 * @module
 */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect, type Socket } from "node:net";

/** One piece of what is sent: bytes, or a pause in milliseconds between writes. */
export type Piece = string | Buffer | { delay: number };

export interface RawOptions {
  /** Give up (and destroy the socket) after this many ms. @default 3000 */
  timeout?: number;
  /**
   * After writing: `"end"` half-closes (FIN) so the server finishes and closes, `"rst"` resets
   * the connection (TCP RST), `"none"` leaves it open so we can see whether the *server* closes.
   * Node's server aborts a request still in flight when the client half-closes, so cases that
   * wait for an async handler use `expect` (whose default is `"none"`).
   * @default "end", or "none" when `expect` is set
   */
  after?: "end" | "rst" | "none";
  /** Resolve as soon as this many complete responses have arrived (then destroy the socket). */
  expect?: number;
  /** With `after: "rst"`: wait this long after the last write before the reset. @default 50 */
  rstDelay?: number;
}

export interface ParsedResponse {
  status: number;
  reason: string;
  /** Lower-case names; repeated headers keep every value. */
  headers: Record<string, string[]>;
  body: Buffer;
  /** First value of a header, or undefined. */
  header(name: string): string | undefined;
}

export interface RawResult {
  /** Everything the server sent. */
  bytes: Buffer;
  text: string;
  /** Complete responses parsed from `bytes`, in order. */
  responses: ParsedResponse[];
  /** First response's status, or 0 when none arrived. */
  status: number;
  /** The server closed (FIN or RST) before our timeout. */
  closedByServer: boolean;
  /** Our timeout fired. */
  timedOut: boolean;
  /** A socket error we saw (ECONNRESET, EPIPE ...), if any. */
  error: string | undefined;
  /** Milliseconds from connect to settle. */
  ms: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Send `pieces` to 127.0.0.1:`port` and collect the answer. */
export function raw(
  port: number,
  pieces: Piece | Piece[],
  options: RawOptions = {},
): Promise<RawResult> {
  const list = Array.isArray(pieces) ? pieces : [pieces];
  const timeout = options.timeout ?? 3000;
  const after = options.after ?? (options.expect === undefined ? "end" : "none");
  const start = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    let closedByServer = false;
    let error: string | undefined;
    const socket: Socket = connect({ host: "127.0.0.1", port });
    socket.setNoDelay(true);
    const finish = (timedOut: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const bytes = Buffer.concat(chunks);
      const responses = parseResponses(bytes);
      if (!socket.destroyed) socket.destroy();
      resolve({
        bytes,
        text: bytes.toString("latin1"),
        responses,
        status: responses[0]?.status ?? statusOnly(bytes),
        closedByServer,
        timedOut,
        error,
        ms: performance.now() - start,
      });
    };
    const timer = setTimeout(() => finish(true), timeout);
    socket.on("data", (d: Buffer) => {
      chunks.push(d);
      if (
        options.expect !== undefined &&
        parseResponses(Buffer.concat(chunks)).length >= options.expect
      )
        finish(false);
    });
    socket.on("error", (err: NodeJS.ErrnoException) => {
      error = err.code ?? err.message;
    });
    socket.on("end", () => {
      closedByServer = true;
    });
    socket.on("close", () => {
      if (!settled && error === "ECONNRESET") closedByServer = true;
      finish(false);
    });
    socket.once("connect", async () => {
      try {
        for (const piece of list) {
          if (socket.destroyed) return;
          if (typeof piece === "object" && !Buffer.isBuffer(piece)) await sleep(piece.delay);
          else await new Promise<void>((r) => socket.write(piece, () => r()));
        }
        if (socket.destroyed) return;
        if (after === "end") socket.end();
        else if (after === "rst") {
          await sleep(options.rstDelay ?? 50);
          if (!socket.destroyed) socket.resetAndDestroy();
        }
      } catch (err) {
        error = (err as NodeJS.ErrnoException).code ?? String(err);
      }
    });
  });
}

/** Status of a response whose head arrived but whose body did not complete. */
function statusOnly(bytes: Buffer): number {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(bytes.toString("latin1", 0, Math.min(bytes.length, 64)));
  return m === null ? 0 : Number(m[1]);
}

/** Every status code found at the start of a status line in `text` (pipelined responses). */
export function statusLines(text: string): number[] {
  return [...text.matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1]));
}

/**
 * Parse consecutive HTTP/1.x responses. A response is complete when its body is complete
 * (Content-Length, chunked with terminator, or no body for 1xx/204/304/HEAD-like). A response
 * without length information takes the rest of the bytes (read until close).
 */
export function parseResponses(bytes: Buffer): ParsedResponse[] {
  const out: ParsedResponse[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const headEnd = bytes.indexOf("\r\n\r\n", pos, "latin1");
    if (headEnd === -1) break;
    const head = bytes.toString("latin1", pos, headEnd);
    const lines = head.split("\r\n");
    const m = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(lines[0] ?? "");
    if (m === null) break;
    const status = Number(m[1]);
    const headers: Record<string, string[]> = Object.create(null);
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      if (colon === -1) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      (headers[name] ??= []).push(line.slice(colon + 1).trim());
    }
    let p = headEnd + 4;
    let body: Buffer;
    const cl = headers["content-length"]?.[0];
    const te = headers["transfer-encoding"]?.[0]?.toLowerCase();
    if ((status >= 100 && status < 200) || status === 204 || status === 304) {
      body = Buffer.alloc(0);
    } else if (te?.includes("chunked")) {
      const parts: Buffer[] = [];
      let complete = false;
      for (;;) {
        const lineEnd = bytes.indexOf("\r\n", p, "latin1");
        if (lineEnd === -1) break;
        const size = Number.parseInt(bytes.toString("latin1", p, lineEnd).split(";")[0]!, 16);
        if (!Number.isFinite(size)) break;
        if (size === 0) {
          const trailerEnd = bytes.indexOf("\r\n\r\n", lineEnd, "latin1");
          if (trailerEnd === -1) break;
          p = trailerEnd + 4;
          complete = true;
          break;
        }
        if (lineEnd + 2 + size + 2 > bytes.length) break;
        parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
        p = lineEnd + 2 + size + 2;
      }
      if (!complete) break;
      body = Buffer.concat(parts);
    } else if (cl !== undefined) {
      const n = Number(cl);
      if (p + n > bytes.length) break;
      body = bytes.subarray(p, p + n);
      p += n;
    } else {
      body = bytes.subarray(p);
      p = bytes.length;
    }
    out.push({
      status,
      reason: m[2] ?? "",
      headers,
      body,
      header: (name: string) => headers[name.toLowerCase()]?.[0],
    });
    pos = p;
  }
  return out;
}

/** A request head with CRLF line ends; `lines` are header lines without the CRLF. */
export function head(requestLine: string, ...lines: string[]): string {
  return `${requestLine}\r\n${lines.map((l) => `${l}\r\n`).join("")}\r\n`;
}

export interface HttpOptions {
  method?: string;
  /** Path and query, sent as given (node:http refuses spaces and controls: use `raw` for those). */
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** @default 5000 */
  timeout?: number;
}

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  ms: number;
  /** Every Set-Cookie line. */
  cookies: string[];
  json<T = any>(): T;
}

/**
 * One well-formed request over a fresh connection (no agent, `Connection: close`), for the
 * app-level cases where the exact bytes do not matter. Host defaults to 127.0.0.1.
 */
export function http(port: number, options: HttpOptions): Promise<HttpResult> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {
      host: "127.0.0.1",
      connection: "close",
      ...options.headers,
    };
    if (
      options.body !== undefined &&
      headers["content-length"] === undefined &&
      headers["transfer-encoding"] === undefined
    ) {
      headers["content-length"] = String(Buffer.byteLength(options.body));
    }
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method: options.method ?? "GET",
        path: options.path,
        headers,
        agent: false,
        setHost: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("error", reject);
        res.on("end", () => {
          clearTimeout(timer);
          const body = Buffer.concat(chunks);
          const text = body.toString("utf8");
          const setCookie = res.headers["set-cookie"];
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text,
            ms: performance.now() - start,
            cookies: setCookie === undefined ? [] : setCookie,
            json: () => JSON.parse(text),
          });
        });
      },
    );
    const timer = setTimeout(
      () =>
        req.destroy(
          new Error(`http ${options.method ?? "GET"} ${options.path.slice(0, 80)} timed out`),
        ),
      options.timeout ?? 5000,
    );
    req.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(options.body);
  });
}
