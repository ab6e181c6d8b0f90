/**
 * The multipart boundary from a Content-Type header, validated against RFC 2046 section 5.1.1:
 * 1 to 70 characters from a small set, not ending in a space. Anything else is refused before
 * a byte of the body is read (security.md 3.F F4).
 * @module
 */
import { badBoundary } from "./errors.ts";
import { parseHeaderParams } from "./header-params.ts";

/** RFC 2046 `bchars`; the last character must come from `bcharsnospace`. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/**
 * Extract and validate the `boundary=` parameter (quoted or not) of `contentTypeHeader`.
 * @throws HttpError 400 `FLG_ERR_MULTIPART_BOUNDARY` when it is missing, repeated, longer than
 *   70 characters or uses characters outside the RFC 2046 set.
 */
export function boundaryFrom(contentTypeHeader: string): string {
  const parsed = parseHeaderParams(contentTypeHeader);
  if (parsed === undefined) throw badBoundary("the Content-Type header could not be parsed");
  const found = parsed.params.filter(([key]) => key === "boundary");
  // Two boundaries would let two parsers on the path disagree about where parts start.
  if (found.length > 1) throw badBoundary("boundary= is given more than once");
  const boundary = found[0]?.[1];
  if (boundary === undefined)
    throw badBoundary("the Content-Type header has no boundary= parameter");
  if (boundary.length === 0) throw badBoundary("boundary= is empty");
  if (boundary.length > 70) throw badBoundary("boundary= is longer than 70 characters");
  if (!BOUNDARY.test(boundary))
    throw badBoundary("boundary= has characters RFC 2046 does not allow");
  return boundary;
}
