/**
 * `RawRequest` over a node:http `IncomingMessage`: plain fields copied once, everything else
 * (abort signal, upload store) created only when asked for.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { RawHeaders, RawRequest, UploadStore } from "../../core/index.ts";
import { TempDirUploadStore } from "../upload-store.ts";

/** Strip `scheme://authority` from an absolute-form target so its host can never be trusted (A11). */
export function originForm(url: string): string {
  if (url.charCodeAt(0) === 47 /* / */) return url;
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  if (m === null) return url;
  const rest = url.slice(m[0].length);
  return rest === "" || rest.startsWith("?") ? `/${rest}` : rest;
}

export class NodeRawRequest implements RawRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: RawHeaders;
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  #store: TempDirUploadStore | undefined;
  #controller: AbortController | undefined;
  #bodyTaken = false;

  constructor(req: IncomingMessage, res: ServerResponse) {
    this.#req = req;
    this.#res = res;
    this.method = req.method ?? "GET";
    this.url = originForm(req.url ?? "/");
    this.headers = req.headers;
  }

  get remoteAddress(): string | undefined {
    return this.#req.socket.remoteAddress;
  }

  get encrypted(): boolean {
    return (this.#req.socket as TLSSocket).encrypted === true;
  }

  body(): AsyncIterable<Uint8Array> {
    if (this.#bodyTaken) throw new Error("The request body was already read");
    this.#bodyTaken = true;
    return this.#req;
  }

  uploads(): UploadStore {
    this.#store ??= new TempDirUploadStore();
    return this.#store;
  }

  /** @internal The store, if one was created, so the adapter can clean it after the response. */
  get createdStore(): TempDirUploadStore | undefined {
    return this.#store;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController();
      this.#controller = controller;
      const res = this.#res;
      if (res.destroyed && !res.writableFinished) controller.abort();
      else
        res.once("close", () => {
          if (!res.writableFinished) controller.abort();
        });
    }
    return this.#controller.signal;
  }
}
