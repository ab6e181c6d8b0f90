import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { setImmediate as tick } from "node:timers/promises";
import type { UploadStore } from "../raw-request.ts";
import {
  B,
  chunked,
  end,
  file,
  LIMITS,
  MemoryStore,
  parse,
  pieces,
  rejectsWith,
  summary,
  text,
} from "./fixtures.test.ts";
import { parseMultipart } from "./parse-multipart.ts";

// A small body that exercises every state: preamble, padding, fields, files, epilogue. Near
// misses of the delimiter appear in the preamble, a value and a file.
const DOC = `line1\r\n--${B.slice(0, -1)}x\r`;
const MIXED =
  `preamble --${B} not at a line start\r\n` +
  `--${B}  \r\nContent-Disposition: form-data; name="title"\r\n\r\nHello\r\n--world\r\n` +
  `${file("doc", "a.txt", DOC)}${text("title", "")}${file("empty", "", "")}${end}epilogue\r\n--${B}\r\n`;

describe("parseMultipart", () => {
  it("returns text fields and stored files in body order, keeping repeated names", async () => {
    const store = new MemoryStore();
    const result = await parse(MIXED, { store });
    assert.deepEqual(result.fields, [
      ["title", "Hello\r\n--world"],
      ["title", ""],
    ]);
    assert.equal(result.files.length, 1);
    const [doc] = result.files;
    assert.deepEqual(
      { ...doc, path: "" },
      { field: "doc", filename: "a.txt", contentType: "text/plain", size: DOC.length, path: "" },
    );
    assert.equal(store.content(doc!), DOC);
  });

  it("gives the same result whatever offset the body is split at", async () => {
    const body = Buffer.from(MIXED, "latin1");
    const whole = new MemoryStore();
    const expected = summary(await parse(body, { store: whole }), whole);
    for (let i = 0; i <= body.length; i++) {
      const store = new MemoryStore();
      const result = await parseMultipart(
        pieces(body.subarray(0, i), body.subarray(i)),
        B,
        LIMITS,
        store,
      );
      assert.deepEqual(summary(result, store), expected, `split at ${i}`);
    }
  });

  it("gives the same result when fed one byte per chunk", async () => {
    const whole = new MemoryStore();
    const expected = summary(await parse(MIXED, { store: whole }), whole);
    const store = new MemoryStore();
    assert.deepEqual(summary(await parse(MIXED, { store, size: 1 }), store), expected);
  });

  it("accepts a body that starts with a CRLF or has no parts at all", async () => {
    assert.deepEqual((await parse(`\r\n${text("a", "1")}${end}`)).fields, [["a", "1"]]);
    assert.deepEqual(await parse(`--${B}--`), { fields: [], files: [] });
  });

  it("takes UTF-8 file names from filename* and from raw UTF-8 in filename", async () => {
    const star = `--${B}\r\nContent-Disposition: form-data; name="f"; filename="x.txt"; filename*=UTF-8''%E2%82%AC%20rates.txt\r\n\r\nA\r\n`;
    const raw = Buffer.from(
      `--${B}\r\nContent-Disposition: form-data; name="g"; filename="履歴書.pdf"\r\n\r\nB\r\n`,
      "utf8",
    );
    const body = Buffer.concat([Buffer.from(star, "latin1"), raw, Buffer.from(end)]);
    const result = await parse(body);
    assert.deepEqual(
      result.files.map((f) => f.filename),
      ["€ rates.txt", "履歴書.pdf"],
    );
  });

  it("decodes field values as UTF-8, replacing invalid bytes instead of failing", async () => {
    const head = Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="n"\r\n\r\n`);
    const body = Buffer.concat([
      head,
      Buffer.from("café ", "utf8"),
      Buffer.from([0xff]),
      Buffer.from(`\r\n${end}`),
    ]);
    assert.deepEqual((await parse(body)).fields, [["n", "café \uFFFD"]]);
  });

  it("skips a browser's empty file input but keeps an empty file that has a name", async () => {
    const store = new MemoryStore();
    const result = await parse(
      `${file("a", "", "")}${file("b", "empty.txt", "")}${file("c", "", "data")}${end}`,
      { store },
    );
    assert.deepEqual(
      result.files.map((f) => [f.field, f.filename, f.size]),
      [
        ["b", "empty.txt", 0],
        ["c", "", 4],
      ],
    );
    assert.equal(store.files.size, 2);
  });

  it("gives a file without Content-Type the type application/octet-stream", async () => {
    const body = `--${B}\r\nContent-Disposition: form-data; name="f"; filename="x"\r\n\r\nA\r\n${end}`;
    assert.equal((await parse(body)).files[0]?.contentType, "application/octet-stream");
  });

  it("keeps binary file content byte for byte, near-boundaries included", async () => {
    const data = Buffer.concat([
      randomBytes(100_000),
      Buffer.from(`\r\n--${B.slice(0, -1)}\r\n-`),
      randomBytes(50_000),
    ]);
    const store = new MemoryStore();
    const head = Buffer.from(
      `--${B}\r\nContent-Disposition: form-data; name="f"; filename="bin"\r\n\r\n`,
    );
    const result = await parse(Buffer.concat([head, data, Buffer.from(`\r\n${end}`)]), {
      store,
      size: 4093,
    });
    assert.ok(Buffer.concat(store.files.get(result.files[0]!.path)!).equals(data));
  });

  it("waits for the store before reading more of the body (backpressure)", async () => {
    let pulled = 0;
    async function* source() {
      yield Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="f"; filename="x"\r\n\r\n`);
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield Buffer.alloc(1000, 97);
      }
      yield Buffer.from(`\r\n${end}`);
    }
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const inner = new MemoryStore();
    const store: UploadStore = {
      save: async (meta, chunks, max, tooLarge) => {
        await gate;
        return inner.save(meta, chunks, max, tooLarge);
      },
      cleanup: () => inner.cleanup(),
    };
    const parsing = parseMultipart(source(), B, LIMITS, store);
    for (let i = 0; i < 20; i++) await tick();
    assert.ok(pulled <= 2, `read ${pulled} chunks ahead of a store that had taken none`);
    open();
    const result = await parsing;
    assert.equal(result.files[0]?.size, 100_000);
  });

  it("refuses a file part with 400 when no upload store is available", async () => {
    await rejectsWith(
      parse(`${file("f", "x.txt", "A")}${end}`, { store: null }),
      400,
      "FLG_ERR_UPLOADS_UNAVAILABLE",
    );
    const ok = await parse(`${text("a", "1")}${file("f", "", "")}${end}`, { store: null });
    assert.deepEqual(ok, { fields: [["a", "1"]], files: [] });
  });

  it("answers 500 without hanging when the store fails, before or while reading", async () => {
    const before: UploadStore = {
      save: async () => Promise.reject(new Error("EACCES")),
      cleanup: async () => {},
    };
    const during: UploadStore = {
      save: async (_meta, chunks) => {
        for await (const _ of chunks) throw new Error("ENOSPC");
        throw new Error("unreachable");
      },
      cleanup: async () => {},
    };
    const body = Buffer.from(`${file("f", "x", "A".repeat(300_000))}${end}`);
    for (const store of [before, during]) {
      let pulled = 0;
      async function* counted() {
        for await (const chunk of chunked(body, 1000)) {
          pulled++;
          yield chunk;
        }
      }
      await rejectsWith(parseMultipart(counted(), B, LIMITS, store), 500, "FLG_ERR_UPLOAD_STORE");
      // It stops at the failure instead of reading the other 300 kB of a doomed upload.
      assert.ok(pulled < 10, `read ${pulled} chunks after the store failed`);
    }
  });

  it("rejects an aborted stream mid-file with 400 and leaves no partial file", async () => {
    const store = new MemoryStore();
    async function* aborted() {
      yield Buffer.from(`${file("f", "x", "A".repeat(5000))}`.slice(0, 3000));
      throw Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    }
    await rejectsWith(
      parseMultipart(aborted(), B, LIMITS, store),
      400,
      "FLG_ERR_MULTIPART_MALFORMED",
      /incomplete/i,
    );
    assert.equal(store.files.size, 0);
  });

  it("measures throughput on a 50 MB body and keeps every byte", async () => {
    const data = randomBytes(50 * 1024 * 1024);
    const head = Buffer.from(
      `${text("a", "1")}--${B}\r\nContent-Disposition: form-data; name="f"; filename="big.bin"\r\n\r\n`,
    );
    const body = Buffer.concat([head, data, Buffer.from(`\r\n${end}`)]);
    const kept: Uint8Array[] = [];
    const store: UploadStore = {
      save: async (meta, chunks) => {
        let size = 0;
        // References only: measuring the parser, not a copy.
        for await (const c of chunks) {
          kept.push(c);
          size += c.byteLength;
        }
        return { ...meta, path: "/null", size };
      },
      cleanup: async () => {},
    };
    const started = performance.now();
    const result = await parseMultipart(
      chunked(body, 64 * 1024),
      B,
      { ...LIMITS, fileSize: 64 * 1024 * 1024 },
      store,
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `multipart: ${(body.length / 1e6 / seconds).toFixed(0)} MB/s on a ${(body.length / 1e6).toFixed(1)} MB body`,
    );
    assert.equal(result.files[0]?.size, data.length);
    const digest = (b: Buffer | Uint8Array[]) =>
      createHash("sha256")
        .update(Buffer.isBuffer(b) ? b : Buffer.concat(b))
        .digest("hex");
    assert.equal(digest(kept), digest(data));
    assert.deepEqual(result.fields, [["a", "1"]]);
  });
});
