/**
 * The state machine behind `parseMultipart`: delimiter line, part headers, part body, repeated,
 * then the epilogue. It is fed the events of a `DelimiterScanner`; it never looks at a byte
 * twice except inside a part's (size-capped) header block.
 * @module
 */
import type { MultipartLimits } from "../options.ts";
import type { UploadedFile, UploadStore } from "../raw-request.ts";
import { DELIMITER, DelimiterScanner } from "./delimiter-scanner.ts";
import { incomplete, limitExceeded, malformed, uploadsUnavailable } from "./errors.ts";
import { FileUpload } from "./file-upload.ts";
import { MAX_HEADER_BLOCK, type PartInfo, parsePartHeaders } from "./part-headers.ts";

type State = "preamble" | "delimiter-line" | "headers" | "body" | "epilogue";

/** Where the parser is inside the line that follows a delimiter: `--` (close) or padding CRLF. */
type LineState = "start" | "dash" | "padding" | "cr";

/** Transport padding (RFC 2046) is a few spaces at most; more is a body built to waste time. */
const MAX_PADDING = 256;
const EMPTY = Buffer.alloc(0);
const CRLFCRLF = Buffer.from("\r\n\r\n", "latin1");

export class MultipartParser {
  readonly fields: Array<[string, string]> = [];
  readonly files: UploadedFile[] = [];
  readonly #scanner: DelimiterScanner;
  readonly #limits: MultipartLimits;
  readonly #store: UploadStore | undefined;
  readonly #maxFieldBytes: number;
  #state: State = "preamble";
  #line: LineState = "start";
  #padding = 0;
  /** The header block, after a CRLF standing for the boundary line's own line end. */
  readonly #head = Buffer.allocUnsafe(MAX_HEADER_BLOCK + 2);
  #headLength = 0;
  #parts = 0;
  #fileCount = 0;
  #fieldBytes = 0;
  #part: PartInfo | undefined;
  #text: Buffer[] = [];
  #textLength = 0;
  #file: FileUpload | undefined;

  constructor(
    boundary: string,
    limits: MultipartLimits,
    store: UploadStore | undefined,
    maxFieldBytes: number,
  ) {
    this.#scanner = new DelimiterScanner(boundary);
    this.#limits = limits;
    this.#store = store;
    this.#maxFieldBytes = maxFieldBytes;
  }

  /** Whether the closing delimiter has been seen. */
  get done(): boolean {
    return this.#state === "epilogue";
  }

  async write(chunk: Buffer): Promise<void> {
    for (const event of this.#scanner.scan(chunk)) {
      if (event === DELIMITER) await this.#delimiter();
      else await this.#data(event);
      if (this.#state === "epilogue") return;
    }
  }

  /** The body ended. @throws HttpError 400 unless the closing delimiter was seen (F2). */
  finish(): void {
    if (this.#state !== "epilogue") throw incomplete();
  }

  /** Stop after an error: an in-flight file is removed by its store before this resolves. */
  async abort(error: unknown): Promise<void> {
    const file = this.#file;
    this.#file = undefined;
    await file?.abort(error);
  }

  async #delimiter(): Promise<void> {
    switch (this.#state) {
      case "headers":
        throw malformed("a part's headers are not followed by a blank line");
      case "delimiter-line":
        throw malformed("a boundary line does not end with CRLF");
      case "body":
        await this.#endPart();
        break;
      case "epilogue":
        return;
      case "preamble":
        break;
    }
    this.#state = "delimiter-line";
    this.#line = "start";
    this.#padding = 0;
  }

  async #data(piece: Buffer): Promise<void> {
    let rest = piece;
    while (rest.length > 0) {
      if (this.#state === "delimiter-line") rest = this.#delimiterLine(rest);
      else if (this.#state === "headers") rest = this.#headers(rest);
      else if (this.#state === "body") return this.#body(rest);
      else return; // preamble and epilogue are ignored
    }
  }

  /** After `--boundary`: `--` closes the body, optional padding then CRLF starts a part. */
  #delimiterLine(piece: Buffer): Buffer {
    for (let i = 0; i < piece.length; i++) {
      const c = piece[i]!;
      if (this.#line === "start" && c === 45) this.#line = "dash";
      else if (this.#line === "dash") {
        if (c !== 45) throw malformed("a boundary is followed by unexpected bytes");
        this.#state = "epilogue";
        return EMPTY;
      } else if (this.#line === "cr") {
        if (c !== 10) throw malformed("a boundary line does not end with CRLF");
        this.#startPart();
        return piece.subarray(i + 1);
      } else if (c === 13) this.#line = "cr";
      else if ((c === 32 || c === 9) && ++this.#padding <= MAX_PADDING) this.#line = "padding";
      else throw malformed("a boundary is followed by unexpected bytes");
    }
    return EMPTY;
  }

  #startPart(): void {
    if (++this.#parts > this.#limits.parts) throw limitExceeded("parts", this.#limits.parts);
    this.#state = "headers";
    // Seeding the block with the boundary line's CRLF makes an empty block end in "\r\n\r\n"
    // like any other, so one search finds the end of both.
    this.#head[0] = 13;
    this.#head[1] = 10;
    this.#headLength = 2;
  }

  /** Collect header bytes into the fixed buffer until the blank line; the rest is body. */
  #headers(piece: Buffer): Buffer {
    const before = this.#headLength;
    const copied = piece.copy(
      this.#head,
      before,
      0,
      Math.min(piece.length, this.#head.length - before),
    );
    this.#headLength += copied;
    const at = this.#head.subarray(0, this.#headLength).indexOf(CRLFCRLF, Math.max(0, before - 3));
    if (at === -1) {
      if (this.#headLength === this.#head.length) {
        throw malformed(`a part's header block is larger than ${MAX_HEADER_BLOCK} bytes`);
      }
      return EMPTY;
    }
    const block = at > 2 ? this.#head.toString("utf8", 2, at) : "";
    this.#beginBody(parsePartHeaders(block, this.#limits));
    return piece.subarray(at + 4 - before);
  }

  #beginBody(part: PartInfo): void {
    this.#part = part;
    this.#state = "body";
    if (part.filename === undefined) {
      this.#text = [];
      this.#textLength = 0;
      this.#countFieldBytes(Buffer.byteLength(part.name));
    } else if (part.filename !== "") {
      this.#openFile(part);
    }
    // A file part with filename="" is opened at its first byte: an empty one is a browser's
    // untouched file input and is skipped.
  }

  #countFieldBytes(n: number): void {
    this.#fieldBytes += n;
    if (this.#fieldBytes > this.#maxFieldBytes)
      throw limitExceeded("maxTotalFieldBytes", this.#maxFieldBytes);
  }

  #openFile(part: PartInfo): FileUpload {
    if (this.#store === undefined) throw uploadsUnavailable();
    if (++this.#fileCount > this.#limits.files) throw limitExceeded("files", this.#limits.files);
    const meta = {
      field: part.name,
      filename: part.filename ?? "",
      contentType: part.contentType ?? "application/octet-stream",
    };
    this.#file = new FileUpload(this.#store, meta, this.#limits.fileSize);
    return this.#file;
  }

  async #body(piece: Buffer): Promise<void> {
    const part = this.#part!;
    if (part.filename !== undefined) {
      await (this.#file ?? this.#openFile(part)).write(piece);
      return;
    }
    this.#textLength += piece.length;
    if (this.#textLength > this.#limits.fieldSize)
      throw limitExceeded("fieldSize", this.#limits.fieldSize);
    this.#countFieldBytes(piece.length);
    this.#text.push(piece);
  }

  async #endPart(): Promise<void> {
    const part = this.#part!;
    this.#part = undefined;
    if (part.filename === undefined) {
      // Lossy decoding, as browsers and Werkzeug do: a stray byte costs a U+FFFD, not the form.
      this.fields.push([part.name, Buffer.concat(this.#text, this.#textLength).toString("utf8")]);
      this.#text = [];
      return;
    }
    const file = this.#file;
    if (file === undefined) return;
    const saved = await file.end();
    this.#file = undefined;
    this.files.push(saved);
  }
}
