// Which CSS and JavaScript references collectstatic rewrites, and how the URL keeps its form.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ignoreMatcher } from "./collectstatic-find.ts";
import { findReferences, hashedUrl, rewriteReferences } from "./collectstatic-refs.ts";

const refs = (name: string, text: string) =>
  findReferences(name, text, "/static/").map((r) => [r.kind, r.url, r.target]);

describe("findReferences", () => {
  test("url(), @import and source maps in CSS; comments, strings and external URLs skipped", () => {
    const css = `@import url("a.css"); @IMPORT 'b/c.css' screen;
.x { background: URL( img/x.png ); mask: image-set(url('../m.svg') 1x); }
.y { content: "url(no.png)"; src: myurl(no.png); }
/* url(commented.png) */ .z { background: url(data:a) , url(HTTPS://h/x.png), url(//h/y.png), url(#f), url(); }
.w { background: url("/static/abs/i.png?x#y"), url(/other/i.png), url(../../../up.png); }
/*# sourceMappingURL=site.css.map */`;
    assert.deepEqual(refs("css/site.css", css), [
      ["url", "a.css", "css/a.css"],
      ["import", "b/c.css", "css/b/c.css"],
      ["url", "img/x.png", "css/img/x.png"],
      ["url", "../m.svg", "m.svg"],
      ["url", "/static/abs/i.png?x#y", "abs/i.png"],
      ["url", "../../../up.png", undefined],
      ["sourcemap", "site.css.map", "css/site.css.map"],
    ]);
  });

  test("JavaScript: only a //# sourceMappingURL line", () => {
    const js = 'const s = "url(x.png)";\n//# sourceMappingURL=app.js.map\n';
    assert.deepEqual(refs("js/app.js", js), [["sourcemap", "app.js.map", "js/app.js.map"]]);
  });

  test("rewriting keeps the relative form, the query and the fragment", () => {
    assert.equal(
      hashedUrl("../img/a b.png?v=1#top", "img/a b.0123456789ab.png"),
      "../img/a%20b.0123456789ab.png?v=1#top",
    );
    const text = "a{b:url(x.png)} c{d:url(y.png)}";
    const found = findReferences("s.css", text, "/static/");
    assert.equal(
      rewriteReferences(text, found, (r) => (r.url === "x.png" ? "x.1.png" : undefined)),
      "a{b:url(x.1.png)} c{d:url(y.png)}",
    );
  });
});

describe("ignoreMatcher", () => {
  test("a name glob matches any segment; a path glob the whole path", () => {
    const ignored = ignoreMatcher([".*", "*~", "CVS", "*.scss", "vendor/**"]);
    for (const p of [
      ".env",
      "css/.cache/x",
      "a.css~",
      "CVS/Entries",
      "css/site.scss",
      "vendor/a/b.js",
    ])
      assert.equal(ignored(p), true, p);
    for (const p of ["css/site.css", "app/vendor/x.js", "scss/readme.txt"])
      assert.equal(ignored(p), false, p);
  });
});
