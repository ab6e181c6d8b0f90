/**
 * Serving an app on node:http: the request listener (hot path), server hardening settings, and
 * graceful shutdown (stop accepting, let in-flight requests finish within a grace period, close
 * idle keep-alive sockets, run the app's shutdown hooks).
 * @module
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type App, FlagonResponse, logSecurityEvent } from "../../core/index.ts";
import { NodeRawRequest } from "./node-request.ts";
import { clientErrorListener } from "./client-error.ts";
import { guardRequest } from "./request-guard.ts";
import {
  type ResolvedServeOptions,
  resolveServeOptions,
  type ServeOptions,
} from "./server-options.ts";
import { adapterHeaders, writeRaw, writeResponse } from "./write-response.ts";

export interface FlagonServer {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  /** Graceful stop; resolves when connections are closed and shutdown hooks have run. */
  close(): Promise<void>;
}

/** The `request` listener for `app`; exported for custom servers (HTTPS, HTTP/2 compat). */
export function requestListener(app: App, state: { draining: boolean } = { draining: false }) {
  const headerLimit = app.settings.limits.headerCount;
  const logger = app.logger;
  const headers = adapterHeaders(app.settings.securityHeaders, app.settings.https);
  const internal = (res: ServerResponse, err: unknown): void => {
    const requestId = crypto.randomUUID();
    logger.error("request handling failed", { err, requestId });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const message = "The server hit an unexpected error.";
    writeRaw(res, 500, { code: "FLG_ERR_INTERNAL", message, requestId }, headers);
  };
  const cleanup = (raw: NodeRawRequest): void => {
    const store = raw.createdStore;
    if (store !== undefined) {
      store.cleanup().catch((err) => logger.error("upload cleanup failed", { err }));
    }
  };
  const writeContext = { logger, headers };
  // Defined once, not per request: the common case answers without allocating a closure.
  const send = (
    req: IncomingMessage,
    res: ServerResponse,
    raw: NodeRawRequest,
    r: FlagonResponse,
  ): void => {
    // Checked when the response goes out, not when the request came in: a request that was
    // in flight when shutdown began must not leave its socket open for another one.
    if (state.draining) res.shouldKeepAlive = false;
    const written = writeResponse(res, r, writeContext);
    if (written === undefined) {
      if (raw.createdStore !== undefined) cleanup(raw);
    } else {
      written.then(
        () => cleanup(raw),
        (err) => {
          logger.error("response write failed", { err });
          res.destroy();
          cleanup(raw);
        },
      );
    }
    // A body the handler never read must not stay on the socket as the next request. A
    // request that announces no body has none to leave behind (and is most requests).
    if (
      !req.complete &&
      req.readableFlowing !== true &&
      (req.headers["content-length"] !== undefined ||
        req.headers["transfer-encoding"] !== undefined)
    ) {
      res.once("finish", () => {
        if (!req.complete) req.socket?.destroySoon();
      });
    }
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    const refusal = guardRequest(req, headerLimit);
    if (refusal !== undefined) {
      logSecurityEvent(logger, refusal.code, refusal.status, {
        method: req.method,
        path: req.url,
        ip: req.socket.remoteAddress,
      });
      writeRaw(res, refusal.status, { code: refusal.code, message: refusal.message }, headers);
      return;
    }
    const raw = new NodeRawRequest(req, res);
    let out: FlagonResponse | Promise<FlagonResponse>;
    try {
      out = app.handle(raw);
    } catch (err) {
      internal(res, err);
      return;
    }
    if (out instanceof FlagonResponse) send(req, res, raw, out);
    else
      out.then(
        (r) => send(req, res, raw, r),
        (err) => {
          internal(res, err);
          cleanup(raw);
        },
      );
  };
}

function configure(server: Server, o: ResolvedServeOptions, headerLimit: number): void {
  server.headersTimeout = o.headersTimeout;
  server.requestTimeout = o.requestTimeout;
  server.keepAliveTimeout = o.keepAliveTimeout;
  // One more than the limit, so an excess is visible to guardRequest instead of truncated away.
  server.maxHeadersCount = headerLimit + 1;
}

/**
 * The `clientError` listener `serve()` installs, for a server you create yourself: requests
 * Node's parser refuses (smuggling shapes, oversized headers, timeouts) then get Flagon's coded
 * JSON answer with the security headers and a security log line, instead of Node's bare status
 * line.
 * @example
 * const server = createServer(requestListener(app));
 * server.on("clientError", clientErrorHandler(app));
 */
export function clientErrorHandler(app: App): (err: NodeJS.ErrnoException, socket: Duplex) => void {
  return clientErrorListener(
    app.logger,
    adapterHeaders(app.settings.securityHeaders, app.settings.https),
  );
}

/** Build, start and listen. Resolves once the port is bound. */
export async function serve(app: App, options: ServeOptions = {}): Promise<FlagonServer> {
  const o = resolveServeOptions(options);
  await app.startup();
  const state = { draining: false };
  // Not an ES import: see utils/builtins.ts (the ESM facade of node:http loads undici).
  const { createServer } = process.getBuiltinModule("node:http");
  const server = createServer(
    {
      maxHeaderSize: o.maxHeaderSize,
      connectionsCheckingInterval: o.connectionsCheckingInterval,
      requestTimeout: o.requestTimeout,
      headersTimeout: o.headersTimeout,
      keepAliveTimeout: o.keepAliveTimeout,
      // Checked by guardRequest instead, which logs the refusal and sends the security headers.
      requireHostHeader: false,
    },
    requestListener(app, state),
  );
  server.on("clientError", clientErrorHandler(app));
  configure(server, o, app.settings.limits.headerCount);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (err) => app.logger.error("server error", { err }));
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      state.draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), o.shutdownGrace);
      timer.unref();
      await closed;
      clearTimeout(timer);
      await app.shutdown();
    })();
    return closing;
  };
  if (o.handleSignals) installSignals(app, close);
  if (o.handleRejections) logRejections(app);
  return { server, port: address.port, url: `http://${hostForUrl}:${address.port}`, close };
}

function installSignals(app: App, close: () => Promise<void>): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    app.logger.info(`${signal} received, shutting down gracefully`);
    close().then(
      () => process.exit(0),
      (err) => {
        app.logger.error("shutdown failed", { err });
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}

let rejectionLogger: ((reason: unknown) => void) | undefined;

/**
 * A promise a handler left floating must not take the whole server down with it (Node exits on
 * an unhandled rejection by default): log it instead. Installed once per process.
 */
function logRejections(app: App): void {
  if (rejectionLogger !== undefined) return;
  rejectionLogger = (reason) => app.logger.error("unhandled promise rejection", { err: reason });
  process.on("unhandledRejection", rejectionLogger);
}
