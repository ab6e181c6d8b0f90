/**
 * `flagon/node`: serving an app on node:http, the fetch adapter, and the temp-dir upload store.
 * @module
 */
export { fetchHandler, type FetchAdapterOptions } from "./fetch/fetch-handler.ts";
export { type FileSend, resolveFile } from "./file-sender.ts";
export { clientErrorHandler, type FlagonServer, requestListener, serve } from "./node/serve.ts";
export { nodeRuntime } from "./runtime.ts";
export { type ServeOptions, resolveServeOptions } from "./node/server-options.ts";
export { TempDirUploadStore, uploadDir } from "./upload-store.ts";
