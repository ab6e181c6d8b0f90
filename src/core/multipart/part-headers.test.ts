import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpError } from "../http-error.ts";
import { parsePartHeaders } from "./part-headers.ts";

const LIMITS = { headerPairs: 100, fieldNameSize: 100 };

function assertMalformed(block: string, pattern: RegExp, limits = LIMITS): void {
  assert.throws(
    () => parsePartHeaders(block, limits),
    (err) =>
      err instanceof HttpError &&
      err.status === 400 &&
      err.code === "FLG_ERR_MULTIPART_MALFORMED" &&
      pattern.test(err.message),
  );
}

describe("parsePartHeaders", () => {
  it("reads a text field's name", () => {
    assert.deepEqual(parsePartHeaders('Content-Disposition: form-data; name="title"', LIMITS), {
      name: "title",
      filename: undefined,
      contentType: undefined,
    });
  });

  it("reads a file part's sanitised name and lower-cased media type, ignoring other headers", () => {
    const block = [
      'content-disposition: form-data; name="doc"; filename="../../a.PDF"',
      "Content-Type: Application/PDF; charset=x",
      "Content-Transfer-Encoding: binary",
    ].join("\r\n");
    assert.deepEqual(parsePartHeaders(block, LIMITS), {
      name: "doc",
      filename: "a.PDF",
      contentType: "application/pdf",
    });
  });

  it("prefers filename* over filename and falls back when filename* uses an unknown charset", () => {
    const both = `Content-Disposition: form-data; name="f"; filename="euro.txt"; filename*=UTF-8''%E2%82%AC.txt`;
    assert.equal(parsePartHeaders(both, LIMITS).filename, "€.txt");
    const unknown = `Content-Disposition: form-data; name="f"; filename="plain.txt"; filename*=koi8-r''%C1`;
    assert.equal(parsePartHeaders(unknown, LIMITS).filename, "plain.txt");
  });

  it('marks filename="" as a file part with an empty name', () => {
    assert.equal(
      parsePartHeaders('Content-Disposition: form-data; name="f"; filename=""', LIMITS).filename,
      "",
    );
  });

  it("drops a media type that is not type/subtype", () => {
    const block =
      'Content-Disposition: form-data; name="f"; filename="x"\r\nContent-Type: text/html<script>';
    assert.equal(parsePartHeaders(block, LIMITS).contentType, undefined);
  });

  it("refuses a header line that starts with whitespace, the dicer crash (F1)", () => {
    assertMalformed(' Content-Disposition: form-data; name="x"', /whitespace/);
    assertMalformed('Content-Disposition: form-data;\r\n\tname="x"', /whitespace/);
  });

  it("refuses more header lines than headerPairs (F6)", () => {
    const block = [
      'Content-Disposition: form-data; name="x"',
      ...Array.from({ length: 100 }, (_, i) => `X-${i}: y`),
    ];
    assertMalformed(block.join("\r\n"), /more than 100 header lines/);
    assert.equal(parsePartHeaders(block.slice(0, 100).join("\r\n"), LIMITS).name, "x");
  });

  it("refuses a field name longer than fieldNameSize bytes, counting UTF-8 bytes (F6)", () => {
    assert.equal(
      parsePartHeaders(`Content-Disposition: form-data; name="${"n".repeat(100)}"`, LIMITS).name
        .length,
      100,
    );
    assertMalformed(
      `Content-Disposition: form-data; name="${"n".repeat(101)}"`,
      /longer than 100 bytes/,
    );
    assertMalformed(
      `Content-Disposition: form-data; name="${"é".repeat(51)}"`,
      /longer than 100 bytes/,
    );
  });

  it("refuses a part without a name, or without a form-data disposition", () => {
    assertMalformed("", /no Content-Disposition/);
    assertMalformed("Content-Type: text/plain", /no Content-Disposition/);
    assertMalformed('Content-Disposition: form-data; filename="a"', /no name=/);
    assertMalformed('Content-Disposition: attachment; name="a"', /form-data/);
    assertMalformed('Content-Disposition: form-data; name="a', /form-data/);
  });

  it("refuses repeated dispositions, types or parameters that parsers could read differently", () => {
    const cd = 'Content-Disposition: form-data; name="a"';
    assertMalformed(`${cd}\r\n${cd}`, /two Content-Disposition/);
    assertMalformed(`${cd}\r\nContent-Type: a/b\r\nContent-Type: c/d`, /two Content-Type/);
    assertMalformed('Content-Disposition: form-data; name="a"; name="b"', /name= more than once/);
    assertMalformed(
      'Content-Disposition: form-data; name="a"; filename="x"; filename="y"',
      /filename= more/,
    );
  });

  it("refuses lines that are not name: value and bare CR or LF", () => {
    assertMalformed(
      `Content-Disposition: form-data; name="a"\r\nno colon here`,
      /not `name: value`/,
    );
    assertMalformed(
      `Content-Disposition: form-data; name="a"\r\n: empty name`,
      /not `name: value`/,
    );
    assertMalformed(`Content-Disposition: form-data; name="a"\nX-A: b`, /bare CR or LF/);
  });
});
