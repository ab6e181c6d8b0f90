/**
 * The coded errors of the multipart parser. Every failure leaves `parseMultipart` as an
 * `HttpError`, so a hostile body can only ever produce a 4xx (or a 500 when the upload store
 * itself fails), never a crash or an unexplained exception.
 * @module
 */
import { HttpError } from "../http-error.ts";

// These errors are usually thrown with part of the body still unread; closing the connection
// spares the server from draining an unbounded remainder just to keep the socket alive (the same
// reason `bodyTooLarge` sets it).
const CLOSE = Object.freeze({ connection: "close" });

/** 400: the Content-Type header carries no usable `boundary=` parameter. */
export function badBoundary(detail: string): HttpError {
  return new HttpError(400, `Invalid multipart boundary: ${detail}`, {
    code: "FLG_ERR_MULTIPART_BOUNDARY",
    headers: { ...CLOSE },
  });
}

/** 400: the body does not follow the multipart/form-data grammar (RFC 2046, RFC 7578). */
export function malformed(detail: string): HttpError {
  return new HttpError(400, `Malformed multipart body: ${detail}`, {
    code: "FLG_ERR_MULTIPART_MALFORMED",
    headers: { ...CLOSE },
  });
}

/** The limits that answer 413; the key is the option name under `limits.multipart`. */
export type MultipartLimitName =
  | "parts"
  | "files"
  | "fileSize"
  | "fieldSize"
  | "maxTotalFieldBytes";

const DESCRIBE: Readonly<Record<MultipartLimitName, (n: number) => string>> = {
  parts: (n) => `more than ${n} parts`,
  files: (n) => `more than ${n} files`,
  fileSize: (n) => `a file is larger than ${n} bytes`,
  fieldSize: (n) => `a text field is larger than ${n} bytes`,
  maxTotalFieldBytes: (n) => `the text fields together are larger than ${n} bytes`,
};

/** 413 naming the limit and its value, so an operator can tell which knob to turn. */
export function limitExceeded(limit: MultipartLimitName, value: number): HttpError {
  return new HttpError(
    413,
    `Multipart limit exceeded: ${DESCRIBE[limit](value)} (${limit} = ${value})`,
    {
      code: "FLG_ERR_MULTIPART_LIMIT",
      headers: { ...CLOSE },
    },
  );
}

/** 400: a file part arrived but this runtime has nowhere to store files. */
export function uploadsUnavailable(): HttpError {
  return new HttpError(400, "File uploads are not accepted here", {
    code: "FLG_ERR_UPLOADS_UNAVAILABLE",
    headers: { ...CLOSE },
  });
}

/**
 * Anything that is not already an `HttpError` (a disk error from the store, a bug) becomes a 500
 * whose message is not shown to the client; the original stays in `cause` for the log.
 */
export function asMultipartError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  return new HttpError(500, "Storing the multipart body failed", {
    code: "FLG_ERR_UPLOAD_STORE",
    headers: { ...CLOSE },
    cause: err,
  });
}

/** 400: the body ended (or its stream failed, e.g. the client went away) before the closing boundary. */
export function incomplete(cause?: unknown): HttpError {
  if (cause instanceof HttpError) return cause;
  const why =
    cause === undefined ? "it ended before the closing boundary" : "the body stream failed";
  return new HttpError(400, `Incomplete multipart body: ${why}`, {
    code: "FLG_ERR_MULTIPART_MALFORMED",
    headers: { ...CLOSE },
    cause,
  });
}
