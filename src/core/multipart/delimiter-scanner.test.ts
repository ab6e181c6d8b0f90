import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DELIMITER, DelimiterScanner } from "./delimiter-scanner.ts";

/** Scan `chunks` and merge adjacent data, so results compare independently of chunking. */
function scanAll(boundary: string, chunks: Buffer[]): string[] {
  const scanner = new DelimiterScanner(boundary);
  const out: string[] = [];
  let data = "";
  for (const chunk of chunks) {
    for (const ev of scanner.scan(chunk)) {
      if (ev === DELIMITER) {
        out.push(data, "|");
        data = "";
      } else data += ev.toString("latin1");
    }
  }
  out.push(data);
  return out;
}

const B = "xyz";
// Near misses everywhere: CRs, dashes, partial boundaries, a boundary without its CRLF.
const BODY = Buffer.from(
  "pre\r\n-\r\n--xy\r\n--xyz\r\nA\r\r\n--x\r\n--xyz--xyz\r\n--\r\n--xyz--\r\nepi\r",
  "latin1",
);
const EXPECTED = scanAll(B, [BODY]);

describe("DelimiterScanner", () => {
  it("finds each CRLF--boundary and passes everything else through as data", () => {
    // The preamble starts with the virtual CRLF; the final CR is held back as a possible delimiter.
    assert.deepEqual(EXPECTED, [
      "\r\npre\r\n-\r\n--xy",
      "|",
      "\r\nA\r\r\n--x",
      "|",
      "--xyz\r\n--",
      "|",
      "--\r\nepi",
    ]);
  });

  it("finds a delimiter at the very start of the body without a leading CRLF", () => {
    assert.deepEqual(scanAll(B, [Buffer.from("--xyz\r\nA\r\n--xyz--")]), [
      "",
      "|",
      "\r\nA",
      "|",
      "--",
    ]);
  });

  it("gives the same events whatever single offset the body is split at", () => {
    for (let i = 0; i <= BODY.length; i++) {
      assert.deepEqual(
        scanAll(B, [BODY.subarray(0, i), BODY.subarray(i)]),
        EXPECTED,
        `split at ${i}`,
      );
    }
  });

  it("gives the same events whatever pair of offsets the body is split at", () => {
    for (let i = 0; i <= BODY.length; i++) {
      for (let j = i; j <= BODY.length; j++) {
        const chunks = [BODY.subarray(0, i), BODY.subarray(i, j), BODY.subarray(j)];
        assert.deepEqual(scanAll(B, chunks), EXPECTED, `split at ${i} and ${j}`);
      }
    }
  });

  it("gives the same events when fed one byte per chunk", () => {
    const bytes = Array.from(BODY, (_, i) => BODY.subarray(i, i + 1));
    assert.deepEqual(scanAll(B, bytes), EXPECTED);
  });

  it("holds back only a tail that can still become a delimiter", () => {
    const scanner = new DelimiterScanner(B);
    [...scanner.scan(Buffer.from("--xyz\r\nabc\r\n--x"))];
    assert.equal(scanner.pending, 5);
    [...scanner.scan(Buffer.from("q"))];
    assert.equal(scanner.pending, 0);
    [...scanner.scan(Buffer.from("abc\r"))];
    assert.equal(scanner.pending, 1);
  });

  it("hands out data that later chunks cannot change", () => {
    const scanner = new DelimiterScanner(B);
    const first = [...scanner.scan(Buffer.from("--xyz\r\n\r\n--x"))];
    const held = [...scanner.scan(Buffer.from("!"))].filter((e) => e !== DELIMITER) as Buffer[];
    assert.equal(first.length, 2);
    assert.equal(Buffer.concat(held).toString(), "\r\n--x!");
  });
});
