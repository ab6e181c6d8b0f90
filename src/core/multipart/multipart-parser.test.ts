import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { B, end, file, MemoryStore, parse, rejectsWith, text } from "./fixtures.test.ts";

// The multipart rows of security.md's bad-input battery (3.F), plus the limits the state machine
// in multipart-parser.ts enforces, each with the status the battery expects.
const MALFORMED = "FLG_ERR_MULTIPART_MALFORMED";
const LIMIT = "FLG_ERR_MULTIPART_LIMIT";

describe("parseMultipart against security.md 3.F", () => {
  it("F1: answers 400 to a part header line starting with a space (the dicer crash)", async () => {
    const body = `------FormBoundary\r\n Content-Disposition: form-data; name="x"\r\n\r\n\r\n------FormBoundary--`;
    await rejectsWith(parse(body), 400, MALFORMED, /whitespace/);
  });

  it("F2: answers 400 to a truncated closing boundary, with or without file bytes, and keeps no file", async () => {
    for (const content of ["", "partial"]) {
      const store = new MemoryStore();
      const body =
        `${file("f", "", content, "application/octet-stream")}`.slice(0, -2) +
        `\r\n------FormBoundar`;
      await rejectsWith(parse(body, { store }), 400, MALFORMED, /incomplete multipart body/i);
      assert.equal(store.files.size, 0);
    }
    await rejectsWith(parse(`${text("a", "1")}`), 400, MALFORMED, /incomplete/i);
    await rejectsWith(parse(""), 400, MALFORMED, /incomplete/i);
  });

  it("F3: answers 400 to part headers followed directly by the boundary, without the blank line", async () => {
    const body = `--${B}\r\nContent-Disposition: form-data; name="x"\r\n--${B}--\r\n`;
    await rejectsWith(parse(body), 400, MALFORMED, /blank line/);
    await rejectsWith(
      parse(`--${B}\r\nContent-Disposition: form-data; name="x"\r\n\r\n--${B}--`),
      400,
      MALFORMED,
    );
  });

  it("answers 400 to bytes after a boundary that are neither -- nor padding and CRLF", async () => {
    await rejectsWith(parse(`--${B}X\r\n${end}`), 400, MALFORMED, /unexpected bytes/);
    await rejectsWith(parse(`--${B}\r\n--${B}--`), 400, MALFORMED);
    await rejectsWith(parse(`--${B}${" ".repeat(300)}\r\n${end}`), 400, MALFORMED);
  });

  it("F5: answers 413 at part 1001 of 10 000 one-byte parts, and accepts exactly 1000", async () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => text(`p${i}`, "x")).join("") + end;
    await rejectsWith(parse(many(10_000)), 413, LIMIT, /more than 1000 parts \(parts = 1000\)/);
    await rejectsWith(parse(many(1001)), 413, LIMIT, /parts/);
    assert.equal((await parse(many(1000))).fields.length, 1000);
  });

  it("F6: answers 413 to a 2 MB text field, 400 to a 10 000-character name and to 3 000 header lines", async () => {
    await rejectsWith(
      parse(`${text("big", "x".repeat(2_000_000))}${end}`),
      413,
      LIMIT,
      /fieldSize = 500000/,
    );
    await rejectsWith(parse(`${text("n".repeat(10_000), "x")}${end}`), 400, MALFORMED);
    await rejectsWith(
      parse(`${text("n".repeat(101), "x")}${end}`),
      400,
      MALFORMED,
      /fieldNameSize/,
    );
    const pairs = (n: number) => Array.from({ length: n }, (_, i) => `X-${i}: y\r\n`).join("");
    const body = `--${B}\r\n${pairs(3000)}Content-Disposition: form-data; name="a"\r\n\r\nx\r\n${end}`;
    await rejectsWith(parse(body), 400, MALFORMED, /header block is larger than 8192 bytes/);
    const hundredOne = `--${B}\r\n${pairs(100)}Content-Disposition: form-data; name="a"\r\n\r\nx\r\n${end}`;
    await rejectsWith(parse(hundredOne), 400, MALFORMED, /more than 100 header lines/);
  });

  it("F6: counts all text fields together against maxTotalFieldBytes", async () => {
    const body = `${text("a", "x".repeat(600))}${text("b", "y".repeat(600))}${end}`;
    await rejectsWith(parse(body, { total: 1000 }), 413, LIMIT, /maxTotalFieldBytes = 1000/);
    assert.equal((await parse(body, { total: 1202 })).fields.length, 2);
  });

  it("F7: answers 413 to a file above fileSize and the store has removed the partial file", async () => {
    const store = new MemoryStore();
    const body = `${file("ok", "a", "small")}${file("f", "big.bin", "z".repeat(1001))}${end}`;
    await rejectsWith(
      parse(body, { store, limits: { fileSize: 1000 }, size: 100 }),
      413,
      LIMIT,
      /fileSize = 1000/,
    );
    assert.deepEqual(
      [...store.files.values()].map((p) => Buffer.concat(p).toString()),
      ["small"],
    );
    const exact = await parse(`${file("f", "b", "z".repeat(1000))}${end}`, {
      limits: { fileSize: 1000 },
    });
    assert.equal(exact.files[0]?.size, 1000);
  });

  it("answers 413 to one file more than the files limit", async () => {
    const body = (n: number) =>
      Array.from({ length: n }, (_, i) => file(`f${i}`, `${i}.txt`, "x")).join("") + end;
    await rejectsWith(parse(body(11)), 413, LIMIT, /more than 10 files/);
    assert.equal((await parse(body(10))).files.length, 10);
  });

  it("F8: keeps hostile file names only as sanitised metadata; the store picks the path", async () => {
    const names: Array<[string, string]> = [
      ["../../etc/passwd", "passwd"],
      ["..\\..\\win.ini", "win.ini"],
      ["C:\\x.png", "x.png"],
      ["a\x00.png", "a.png"],
      ["a%2f..%2fb", "a%2f..%2fb"],
      ["x".repeat(10_000).slice(0, 7000), "x".repeat(255)],
      ["CON.txt", "CON.txt"],
    ];
    const body = names.map(([raw], i) => file(`f${i}`, raw, "data")).join("") + end;
    const result = await parse(body);
    assert.deepEqual(
      result.files.map((f) => f.filename),
      names.map(([, clean]) => clean),
    );
    for (const f of result.files) assert.match(f.path, /^\/memory\/\d+$/);
  });

  it("F9: keeps __proto__ and constructor as plain names without touching any prototype", async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const body = `${text("__proto__", "polluted")}${text("constructor", "x")}${file("__proto__", "p.txt", "y")}${end}`;
    const result = await parse(body);
    assert.deepEqual(result.fields, [
      ["__proto__", "polluted"],
      ["constructor", "x"],
    ]);
    assert.equal(result.files[0]?.field, "__proto__");
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before);
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
    assert.equal(Object.getPrototypeOf(result.files[0]), Object.prototype);
  });
});
