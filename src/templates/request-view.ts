/**
 * `request` in a rendered page: a read-only view of the Flagon request that the sandbox can
 * read. The request object itself exposes its fields through getters, which the sandbox refuses
 * on purpose (a getter runs code), so templates see this view's allow-list instead.
 * @module
 */
import type { FlagonRequest } from "../core/index.ts";
import { TEMPLATE_ATTR } from "./access.ts";

/** The first value of each query key, in order, as a Map (a Python dict in templates). */
function firstValues(req: FlagonRequest): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of req.query) if (!out.has(key)) out.set(key, value);
  return out;
}

export class RequestView {
  readonly #req: FlagonRequest;
  readonly #endpoint: string | undefined;
  #args: Map<string, string> | undefined;

  constructor(req: FlagonRequest, endpoint: string | undefined) {
    this.#req = req;
    this.#endpoint = endpoint;
  }

  [TEMPLATE_ATTR](name: string): unknown {
    const req = this.#req;
    switch (name) {
      case "method":
        return req.method;
      case "path":
        return req.path;
      case "full_path":
        return req.queryString === "" ? req.path : `${req.path}?${req.queryString}`;
      case "query_string":
        return req.queryString;
      case "host":
        return req.host;
      case "scheme":
        return req.protocol;
      case "is_secure":
        return req.secure;
      case "url":
        return req.url;
      case "args":
      case "query":
        this.#args ??= firstValues(req);
        return this.#args;
      case "endpoint":
        return this.#endpoint ?? null;
      case "blueprint": {
        const e = this.#endpoint;
        const dot = e === undefined ? -1 : e.lastIndexOf(".");
        return dot === -1 ? null : e!.slice(0, dot);
      }
      default:
        return undefined;
    }
  }

  toString(): string {
    return `<Request '${this.#req.path}' [${this.#req.method}]>`;
  }
}
