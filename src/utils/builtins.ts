/**
 * Node built-in modules, loaded on first use through `process.getBuiltinModule`.
 *
 * Why not `import { x } from "node:..."`: an ES import of a built-in builds the module's ESM
 * facade, and building it reads every export, lazy ones included. On Node 24 that makes
 * `import "node:http"` load undici and, through it, http2, tls, zlib and worker_threads: about
 * 50 ms of start-up (measured 55 ms against 6 ms for `getBuiltinModule("node:http")`), for a
 * server that uses none of them. `node:fs` behaves the same way on a smaller scale. Modules only
 * some requests need (crypto, streams) are fetched on the first call that needs them, so
 * `import "flagon"` stays light. Each accessor keeps what it got: `getBuiltinModule` costs about
 * 140 ns a call, too much for paths that run per request.
 * @module
 */

let _nodeCrypto: typeof import("node:crypto") | undefined;
/** `node:crypto`, loaded when first needed (signing, ETags of generated bodies, upload names). */
export function nodeCrypto(): typeof import("node:crypto") {
  _nodeCrypto ??= process.getBuiltinModule("node:crypto");
  return _nodeCrypto;
}

let _nodeFs: typeof import("node:fs") | undefined;
/** `node:fs`, without the ESM facade's eager load of `fs/promises` and friends. */
export function nodeFs(): typeof import("node:fs") {
  _nodeFs ??= process.getBuiltinModule("node:fs");
  return _nodeFs;
}

let _nodeFsPromises: typeof import("node:fs/promises") | undefined;
/** `node:fs/promises`, loaded on the first file operation. */
export function nodeFsPromises(): typeof import("node:fs/promises") {
  _nodeFsPromises ??= process.getBuiltinModule("node:fs/promises");
  return _nodeFsPromises;
}

let _nodeStream: typeof import("node:stream") | undefined;
/** `node:stream`, loaded on the first streamed body. */
export function nodeStream(): typeof import("node:stream") {
  _nodeStream ??= process.getBuiltinModule("node:stream");
  return _nodeStream;
}

let _nodeStreamPromises: typeof import("node:stream/promises") | undefined;
/** `node:stream/promises`, loaded on the first streamed body. */
export function nodeStreamPromises(): typeof import("node:stream/promises") {
  _nodeStreamPromises ??= process.getBuiltinModule("node:stream/promises");
  return _nodeStreamPromises;
}
