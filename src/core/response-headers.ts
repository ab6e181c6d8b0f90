/**
 * Response headers as a record with lower-case names and nothing on its prototype chain, the shape `writeHead`
 * takes directly. Values are checked when set, so a CR, LF or NUL coming from user input can
 * never split a response (security.md 2.6): the mistake surfaces as an error in the handler.
 * @module
 */
import { bareRecord, FlagonError } from "../utils/index.ts";

export type HeaderRecord = Record<string, string | string[]>;

// RFC 9110 token for names; field values: visible ASCII, space, tab and obs-text, nothing else.
const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

function checkName(name: string): string {
  if (!NAME.test(name)) {
    throw new FlagonError(
      "FLG_ERR_HEADER_INVALID",
      `Invalid header name: ${JSON.stringify(name)}`,
      500,
    );
  }
  return name.toLowerCase();
}

function checkValue(name: string, value: string): string {
  if (BAD_VALUE.test(value)) {
    throw new FlagonError(
      "FLG_ERR_HEADER_INVALID",
      `Invalid character in the value of header "${name}" (control characters and code points above 0xFF are refused)`,
      500,
    );
  }
  return value;
}

/**
 * Validate a header now, for callers that store it to set later: the error surfaces where the
 * bad value was produced, not while a response (possibly an error page) is being finished.
 */
export function checkHeader(name: string, value: string): void {
  checkValue(checkName(name), value);
}

/** Mutable response headers. Reading is by lower-case name. */
export class ResponseHeaders {
  /** The backing record, passed to the adapter as is. */
  readonly record: HeaderRecord;

  constructor(init?: Record<string, string | string[]> | ResponseHeaders) {
    this.record = bareRecord<string | string[]>();
    if (init instanceof ResponseHeaders) Object.assign(this.record, init.record);
    else if (init !== undefined) for (const key of Object.keys(init)) this.set(key, init[key]!);
  }

  get(name: string): string | undefined {
    const value = this.record[name.toLowerCase()];
    return Array.isArray(value) ? value.join(", ") : value;
  }

  has(name: string): boolean {
    return name.toLowerCase() in this.record;
  }

  set(name: string, value: string | readonly string[]): this {
    const key = checkName(name);
    this.record[key] =
      typeof value === "string" ? checkValue(key, value) : value.map((v) => checkValue(key, v));
    return this;
  }

  /** Add a value, keeping earlier ones (needed for `Set-Cookie`). */
  append(name: string, value: string): this {
    const key = checkName(name);
    checkValue(key, value);
    const prev = this.record[key];
    this.record[key] =
      prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    return this;
  }

  delete(name: string): this {
    delete this.record[name.toLowerCase()];
    return this;
  }

  /** Set only when absent; used for defaults such as security headers. */
  setDefault(name: string, value: string): void {
    if (this.record[name] === undefined) this.record[name] = value;
  }

  *entries(): IterableIterator<[string, string | string[]]> {
    for (const key of Object.keys(this.record)) yield [key, this.record[key]!];
  }
}
