/**
 * node:http server settings with Flagon's defaults (security.md section 6): short header and
 * request timeouts so slow clients get a 408, a 16 KiB header cap, a drain period on shutdown.
 * @module
 */

export interface ServeOptions {
  /** @default process.env.PORT or 8000 */
  port?: number;
  /** Address to bind. @default process.env.HOST or "127.0.0.1" (use "0.0.0.0" in a container) */
  host?: string;
  /** Time to receive all headers. @default 15000 */
  headersTimeout?: number;
  /** Time to receive the whole request. @default 60000 */
  requestTimeout?: number;
  /** Idle keep-alive sockets close after this. @default 5000 */
  keepAliveTimeout?: number;
  /** How often timeouts are checked. @default 1000 */
  connectionsCheckingInterval?: number;
  /** Bytes of request line plus headers; more is a 431. @default 16384 */
  maxHeaderSize?: number;
  /** How long in-flight requests may run after SIGTERM before connections are cut. @default 10000 */
  shutdownGrace?: number;
  /** Install SIGTERM/SIGINT handlers that shut down gracefully and exit. @default true for listen() */
  handleSignals?: boolean;
  /**
   * Log unhandled promise rejections instead of letting Node exit on them, so a promise a
   * handler left floating cannot kill the server. Once per process. @default true
   */
  handleRejections?: boolean;
}

export type ResolvedServeOptions = Required<ServeOptions>;

export function resolveServeOptions(options: ServeOptions = {}): ResolvedServeOptions {
  const envPort = Number(process.env.PORT);
  return {
    port:
      options.port ??
      (Number.isInteger(envPort) && envPort >= 0 && envPort < 65536 && process.env.PORT !== ""
        ? envPort
        : 8000),
    host: options.host ?? (process.env.HOST || "127.0.0.1"),
    headersTimeout: options.headersTimeout ?? 15_000,
    requestTimeout: options.requestTimeout ?? 60_000,
    keepAliveTimeout: options.keepAliveTimeout ?? 5_000,
    connectionsCheckingInterval: options.connectionsCheckingInterval ?? 1_000,
    maxHeaderSize: options.maxHeaderSize ?? 16_384,
    shutdownGrace: options.shutdownGrace ?? 10_000,
    handleSignals: options.handleSignals ?? false,
    handleRejections: options.handleRejections ?? true,
  };
}
