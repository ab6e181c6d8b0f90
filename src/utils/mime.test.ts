import assert from "node:assert/strict";
import { test } from "node:test";
import { contentTypeFor } from "./mime.ts";

test("text types carry charset=utf-8", () => {
  assert.equal(contentTypeFor("index.html"), "text/html; charset=utf-8");
  assert.equal(contentTypeFor("a.htm"), "text/html; charset=utf-8");
  assert.equal(contentTypeFor("site.css"), "text/css; charset=utf-8");
  assert.equal(contentTypeFor("app.js"), "text/javascript; charset=utf-8");
  assert.equal(contentTypeFor("mod.mjs"), "text/javascript; charset=utf-8");
  assert.equal(contentTypeFor("data.json"), "application/json; charset=utf-8");
  assert.equal(contentTypeFor("app.js.map"), "application/json; charset=utf-8");
  assert.equal(contentTypeFor("notes.txt"), "text/plain; charset=utf-8");
  assert.equal(contentTypeFor("feed.xml"), "application/xml; charset=utf-8");
  assert.equal(contentTypeFor("logo.svg"), "image/svg+xml; charset=utf-8");
  assert.equal(contentTypeFor("t.csv"), "text/csv; charset=utf-8");
  assert.equal(contentTypeFor("README.md"), "text/markdown; charset=utf-8");
  assert.equal(contentTypeFor("cal.ics"), "text/calendar; charset=utf-8");
  assert.equal(contentTypeFor("site.webmanifest"), "application/manifest+json; charset=utf-8");
});

test("binary types have no charset", () => {
  const cases: Array<[string, string]> = [
    ["a.png", "image/png"],
    ["a.jpg", "image/jpeg"],
    ["a.jpeg", "image/jpeg"],
    ["a.gif", "image/gif"],
    ["a.webp", "image/webp"],
    ["a.avif", "image/avif"],
    ["favicon.ico", "image/x-icon"],
    ["f.woff", "font/woff"],
    ["f.woff2", "font/woff2"],
    ["f.ttf", "font/ttf"],
    ["f.otf", "font/otf"],
    ["d.pdf", "application/pdf"],
    ["d.zip", "application/zip"],
    ["m.wasm", "application/wasm"],
    ["v.mp4", "video/mp4"],
    ["v.webm", "video/webm"],
    ["s.mp3", "audio/mpeg"],
    ["s.ogg", "audio/ogg"],
    ["s.wav", "audio/wav"],
  ];
  for (const [name, type] of cases) assert.equal(contentTypeFor(name), type, name);
});

test("extension matching is case-insensitive and uses the last dot of the file name", () => {
  assert.equal(contentTypeFor("PHOTO.JPG"), "image/jpeg");
  assert.equal(contentTypeFor("/static/v1.2/app.min.JS"), "text/javascript; charset=utf-8");
  assert.equal(contentTypeFor("C:\\site\\index.HTML"), "text/html; charset=utf-8");
});

test("unknown, missing and prototype-named extensions fall back to octet-stream", () => {
  for (const name of [
    "file",
    "file.unknown",
    "archive.tar.xz",
    "dir.d/file",
    "dir.d\\file",
    ".env",
    "/static/.html",
    "trailing.",
    "x.constructor",
    "x.__proto__",
    "x.toString",
    "",
  ]) {
    assert.equal(contentTypeFor(name), "application/octet-stream", name);
  }
  assert.equal(contentTypeFor(undefined as unknown as string), "application/octet-stream");
});
