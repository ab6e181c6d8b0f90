import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_FILENAME_LENGTH, sanitizeFilename } from "./filename.ts";

describe("sanitizeFilename", () => {
  it("keeps only the last segment of Unix and Windows paths (F8)", () => {
    assert.equal(sanitizeFilename("../../etc/passwd"), "passwd");
    assert.equal(sanitizeFilename("..\\..\\win.ini"), "win.ini");
    assert.equal(sanitizeFilename("C:\\x.png"), "x.png");
    assert.equal(sanitizeFilename("/"), "");
  });

  it("drops NUL and other control characters (F8)", () => {
    assert.equal(sanitizeFilename("a\x00.png"), "a.png");
    assert.equal(sanitizeFilename("a\r\nb\x7f\x85.txt"), "ab.txt");
  });

  it("drops bidirectional overrides that disguise an extension", () => {
    assert.equal(sanitizeFilename("invoice\u202egpj.exe"), "invoicegpj.exe");
  });

  it("leaves percent signs and reserved device names as harmless text (F8)", () => {
    assert.equal(sanitizeFilename("a%2f..%2fb"), "a%2f..%2fb");
    assert.equal(sanitizeFilename("CON.txt"), "CON.txt");
  });

  it("turns . and .. into an empty name and trims spaces", () => {
    assert.equal(sanitizeFilename(".."), "");
    assert.equal(sanitizeFilename("a/."), "");
    assert.equal(sanitizeFilename("  report.pdf  "), "report.pdf");
  });

  it("caps a 10 000-character name at 255 code points without splitting a surrogate pair (F8)", () => {
    assert.equal(sanitizeFilename("a".repeat(10_000)).length, MAX_FILENAME_LENGTH);
    const emoji = sanitizeFilename("\u{1F600}".repeat(300));
    assert.equal(Array.from(emoji).length, MAX_FILENAME_LENGTH);
    assert.equal(emoji, "\u{1F600}".repeat(MAX_FILENAME_LENGTH));
  });

  it("keeps non-ASCII names intact", () => {
    assert.equal(sanitizeFilename("résumé 履歴書.pdf"), "résumé 履歴書.pdf");
  });
});
