/**
 * The header block of one part: which form field it is, whether it is a file, and its content
 * type. Strict where a lenient reading has crashed other parsers or let two parsers disagree
 * (security.md 2.8, 3.F F1 and F6); other headers are ignored, as RFC 7578 asks.
 * @module
 */
import type { MultipartLimits } from "../options.ts";
import { decodeExtValue } from "./ext-value.ts";
import { malformed } from "./errors.ts";
import { sanitizeFilename } from "./filename.ts";
import { parseHeaderParams } from "./header-params.ts";

/** Bytes a part's header block may take, blank line included. */
export const MAX_HEADER_BLOCK = 8 * 1024;

export interface PartInfo {
  /** The form field name, exactly as sent (it is only ever an array entry, never an object key). */
  name: string;
  /** Sanitised file name for a file part (possibly ""), `undefined` for a text field. */
  filename: string | undefined;
  /** The part's Content-Type, `undefined` when absent or not a valid media type. */
  contentType: string | undefined;
}

const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function trimOws(s: string): string {
  return s.replace(/^[ \t]+|[ \t]+$/g, "");
}

/** Split the block into header name/value pairs, refusing what RFC 9110 no longer allows. */
function headerLines(block: string, maxPairs: number): Array<[string, string]> {
  if (block === "") return [];
  const lines = block.split("\r\n");
  if (lines.length > maxPairs) {
    throw malformed(`a part has more than ${maxPairs} header lines (headerPairs)`);
  }
  const out: Array<[string, string]> = [];
  for (const line of lines) {
    // Obsolete line folding: the input that crashed dicer (CVE-2022-24434).
    if (line[0] === " " || line[0] === "\t") {
      throw malformed("a part header line starts with whitespace");
    }
    if (line.includes("\r") || line.includes("\n")) {
      throw malformed("a part header has a bare CR or LF");
    }
    const colon = line.indexOf(":");
    const name = line.slice(0, colon);
    if (colon <= 0 || !FIELD_NAME.test(name)) {
      throw malformed("a part header line is not `name: value`");
    }
    out.push([name.toLowerCase(), trimOws(line.slice(colon + 1))]);
  }
  return out;
}

/** Take `key` from the params at most once; a repeat is ambiguous, so it is refused. */
function single(params: Array<[string, string]>, key: string): string | undefined {
  let found: string | undefined;
  for (const [k, v] of params) {
    if (k !== key) continue;
    if (found !== undefined) throw malformed(`Content-Disposition has ${key}= more than once`);
    found = v;
  }
  return found;
}

/**
 * Parse a header block (the bytes between the boundary line and the blank line, decoded as
 * UTF-8 since browsers send raw UTF-8 file names).
 * @throws HttpError 400 for folding, a bare CR/LF, too many lines, a repeated Content-Disposition
 *   or Content-Type, a missing or non-form-data disposition, no name, or a name over the limit.
 */
export function parsePartHeaders(
  block: string,
  limits: Pick<MultipartLimits, "headerPairs" | "fieldNameSize">,
): PartInfo {
  let disposition: string | undefined;
  let type: string | undefined;
  for (const [name, value] of headerLines(block, limits.headerPairs)) {
    if (name === "content-disposition") {
      if (disposition !== undefined) throw malformed("a part has two Content-Disposition headers");
      disposition = value;
    } else if (name === "content-type") {
      if (type !== undefined) throw malformed("a part has two Content-Type headers");
      type = value;
    }
  }
  if (disposition === undefined) throw malformed("a part has no Content-Disposition, so no name");
  const cd = parseHeaderParams(disposition);
  if (cd === undefined || cd.value !== "form-data") {
    throw malformed("a part's Content-Disposition is not a well-formed `form-data`");
  }
  const name = single(cd.params, "name");
  if (name === undefined) throw malformed("a part has no name= in its Content-Disposition");
  if (Buffer.byteLength(name) > limits.fieldNameSize) {
    throw malformed(`a field name is longer than ${limits.fieldNameSize} bytes (fieldNameSize)`);
  }
  const plain = single(cd.params, "filename");
  const extended = single(cd.params, "filename*");
  let filename: string | undefined;
  if (plain !== undefined || extended !== undefined) {
    // RFC 6266: filename* wins when the recipient understands it.
    const raw = (extended === undefined ? undefined : decodeExtValue(extended)) ?? plain ?? "";
    filename = sanitizeFilename(raw);
  }
  return { name, filename, contentType: mediaType(type) };
}

/**
 * The declared `type/subtype`, lower-cased, or `undefined` when absent or malformed. Parameters
 * are dropped: the value is stored and may later be served back, so only a plain media type
 * (never attacker-chosen extra text) survives.
 */
function mediaType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const essence = value.split(";", 1)[0]!.trim().toLowerCase();
  return MEDIA_TYPE.test(essence) ? essence : undefined;
}
