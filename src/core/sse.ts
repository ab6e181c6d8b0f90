/**
 * Server-sent events: turn an async iterable of events into a `text/event-stream` body, with a
 * comment line every `keepAlive` ms so proxies keep the connection open.
 * @module
 */
import { FlagonResponse } from "./response.ts";

export interface SseEvent {
  data: unknown;
  event?: string;
  id?: string;
  /** Reconnection delay for the client, in ms. */
  retry?: number;
}

export interface SseOptions {
  /** Interval of `: keep-alive` comments in ms; 0 disables them. @default 15000 */
  keepAlive?: number;
  /** Aborts the stream (pass `ctx.req.signal` to stop when the client leaves). */
  signal?: AbortSignal;
}

// Field values must not contain line breaks: each line of `data` becomes its own `data:` line,
// and `event`/`id` are stripped of CR/LF so an event cannot inject another.
function oneLine(value: string): string {
  return value.replace(/[\r\n]/g, "");
}

/** Format one event per the HTML standard's event-stream grammar. */
export function formatSseEvent(event: SseEvent | string): string {
  const e: SseEvent = typeof event === "string" ? { data: event } : event;
  let out = "";
  if (e.event !== undefined) out += `event: ${oneLine(e.event)}\n`;
  if (e.id !== undefined) out += `id: ${oneLine(e.id)}\n`;
  if (e.retry !== undefined) out += `retry: ${Math.max(0, Math.floor(e.retry))}\n`;
  const data = typeof e.data === "string" ? e.data : JSON.stringify(e.data);
  for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

async function* eventStream(
  source: AsyncIterable<SseEvent | string>,
  options: SseOptions,
): AsyncGenerator<string> {
  const keepAlive = options.keepAlive ?? 15_000;
  const it = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<SseEvent | string>> | undefined;
  try {
    while (options.signal?.aborted !== true) {
      pending ??= it.next();
      let timer: NodeJS.Timeout | undefined;
      const tick =
        keepAlive > 0
          ? new Promise<"tick">((resolve) => {
              timer = setTimeout(resolve, keepAlive, "tick");
            })
          : undefined;
      const next = await (tick === undefined ? pending : Promise.race([pending, tick]));
      clearTimeout(timer);
      if (next === "tick") {
        yield ": keep-alive\n\n";
        continue;
      }
      pending = undefined;
      if (next.done === true) return;
      yield formatSseEvent(next.value);
    }
  } finally {
    await it.return?.();
  }
}

/** A server-sent events response. */
export function sse(
  source: AsyncIterable<SseEvent | string>,
  options: SseOptions = {},
): FlagonResponse {
  const res = new FlagonResponse(eventStream(source, options));
  res.headers.set("content-type", "text/event-stream; charset=utf-8");
  res.headers.set("cache-control", "no-cache");
  res.headers.set("x-accel-buffering", "no");
  return res;
}
