/**
 * The contract between an adapter and the I/O-free core. An adapter (node:http, fetch, the test
 * client) turns whatever its runtime hands it into a `RawRequest`; the core never sees a socket.
 * @module
 */

/** Header values as Node presents them: lower-case names, `set-cookie` style arrays allowed. */
export type RawHeaders = Record<string, string | string[] | undefined>;

/** Metadata of one uploaded file part, as the multipart parser saw it. */
export interface UploadMeta {
  /** The form field name. */
  field: string;
  /** The client's file name, sanitised (no path parts, no control characters); may be "". */
  filename: string;
  /** The part's declared content type, or `application/octet-stream`. */
  contentType: string;
}

/** A file that an upload store has written somewhere safe, under a server-chosen name. */
export interface UploadedFile extends UploadMeta {
  /** Absolute path of the stored file; removed when the request ends unless moved. */
  path: string;
  /** Size in bytes. */
  size: number;
}

/**
 * Where uploaded files go. Lives in the core as an interface so that the multipart parser stays
 * free of I/O; adapters provide the temp-directory implementation.
 */
export interface UploadStore {
  /**
   * Store one file part. `chunks` yields the part's bytes; the store must stop and throw the error
   * `tooLarge()` returns once more than `maxBytes` arrive, removing what it wrote.
   */
  save(
    meta: UploadMeta,
    chunks: AsyncIterable<Uint8Array>,
    maxBytes: number,
    tooLarge: () => Error,
  ): Promise<UploadedFile>;
  /** Remove every file this store wrote for the request. Called once the response is done. */
  cleanup(): Promise<void>;
}

/** What an adapter hands the core for each request. */
export interface RawRequest {
  /** Upper-case method. */
  readonly method: string;
  /** Origin-form request target (`/path?query`); adapters turn absolute-form into origin-form. */
  readonly url: string;
  readonly headers: RawHeaders;
  /** Peer address of the connection (before any proxy headers). */
  readonly remoteAddress: string | undefined;
  /** Whether the connection itself is TLS. */
  readonly encrypted: boolean;
  /** The body, read at most once. Adapters enforce nothing here: the core applies the limits. */
  body(): AsyncIterable<Uint8Array>;
  /** Lazily created store for multipart files; `undefined` when the runtime cannot store files. */
  uploads(): UploadStore | undefined;
  /** Aborted when the client goes away before the response is sent. */
  readonly signal?: AbortSignal;
}
