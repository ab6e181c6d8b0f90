/**
 * The fetch adapter: a standard `Request` in, a standard `Response` out, so the same app runs on
 * any runtime with the Fetch API and can be tested without a socket.
 * @module
 */
import {
  type App,
  type FlagonResponse,
  isFileBody,
  type RawHeaders,
  type RawRequest,
  type UploadStore,
} from "../../core/index.ts";
import { nodeFs, nodeStream } from "../../utils/index.ts";
import { resolveFile } from "../file-sender.ts";
import { TempDirUploadStore } from "../upload-store.ts";

export interface FetchAdapterOptions {
  /** The client address to report (runtimes pass it beside the request). */
  remoteAddress?: string;
}

class FetchRawRequest implements RawRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: RawHeaders;
  readonly remoteAddress: string | undefined;
  readonly encrypted: boolean;
  readonly signal: AbortSignal;
  readonly #request: Request;
  store: TempDirUploadStore | undefined;

  constructor(request: Request, remoteAddress: string | undefined) {
    const url = new URL(request.url);
    this.#request = request;
    this.method = request.method.toUpperCase();
    this.url = url.pathname + url.search;
    this.remoteAddress = remoteAddress;
    this.encrypted = url.protocol === "https:";
    this.signal = request.signal;
    const headers: RawHeaders = Object.create(null);
    for (const [name, value] of request.headers) headers[name] = value;
    const cookies = request.headers.getSetCookie();
    if (cookies.length > 0) headers["set-cookie"] = cookies;
    headers.host ??= url.host;
    this.headers = headers;
  }

  body(): AsyncIterable<Uint8Array> {
    const stream = this.#request.body;
    if (stream === null) return (async function* () {})();
    return stream as unknown as AsyncIterable<Uint8Array>;
  }

  uploads(): UploadStore {
    this.store ??= new TempDirUploadStore();
    return this.store;
  }
}

function toHeaders(record: Record<string, string | string[]>): Headers {
  const headers = new Headers();
  for (const name of Object.keys(record)) {
    const value = record[name]!;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return headers;
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

async function toFetchResponse(r: FlagonResponse, raw: FetchRawRequest): Promise<Response> {
  const body = r.body;
  const head = raw.method === "HEAD" || NULL_BODY.has(r.status);
  if (isFileBody(body)) {
    const plan = await resolveFile(body, r, raw.headers);
    if (!("path" in plan)) return toFetchResponse(plan, raw);
    const stream =
      plan.range === undefined || head
        ? null
        : (nodeStream().Readable.toWeb(
            nodeFs().createReadStream(plan.path, { start: plan.range.start, end: plan.range.end }),
          ) as ReadableStream<Uint8Array>);
    return new Response(stream, { status: plan.status, headers: toHeaders(plan.headers) });
  }
  const headers = toHeaders(r.headers.record);
  if (head || body === null) return new Response(null, { status: r.status, headers });
  if (typeof body === "string" || body instanceof Uint8Array) {
    return new Response(body as ConstructorParameters<typeof Response>[0], {
      status: r.status,
      headers,
    });
  }
  const encoder = new TextEncoder();
  const iterator = body[Symbol.asyncIterator]();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done === true) controller.close();
      else
        controller.enqueue(
          typeof next.value === "string" ? encoder.encode(next.value) : next.value,
        );
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(stream, { status: r.status, headers });
}

/** Create `(request) => Promise<Response>` for an app. */
export function fetchHandler(
  app: App,
  options: FetchAdapterOptions = {},
): (request: Request) => Promise<Response> {
  return async (request) => {
    const raw = new FetchRawRequest(request, options.remoteAddress);
    try {
      return await toFetchResponse(await app.handle(raw), raw);
    } finally {
      // Files written for this request are removed once the handler is done with them.
      await raw.store?.cleanup();
    }
  };
}
