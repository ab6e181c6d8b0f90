import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { loadEnvFile, parseDotenv } from "./dotenv.ts";
import { EnvFileError } from "./errors.ts";

const dir = mkdtempSync(join(tmpdir(), "flagon-dotenv-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("parseDotenv", () => {
  it("reads the usual syntax", () => {
    const text = [
      "# a comment",
      "",
      "A=1",
      "export B=two",
      "  C = padded  ",
      "D=unquoted value # trailing comment",
      "E=a#b",
      "F=#not-a-comment",
      "G=",
      "H=a=b=c",
      "I='single \\n # literal'",
      'J="double # kept"   # comment',
      "export   K=3",
    ].join("\n");
    assert.deepEqual(
      { ...parseDotenv(text) },
      {
        A: "1",
        B: "two",
        C: "padded",
        D: "unquoted value",
        E: "a#b",
        F: "#not-a-comment",
        G: "",
        H: "a=b=c",
        I: "single \\n # literal",
        J: "double # kept",
        K: "3",
      },
    );
  });

  it("expands escapes in double quotes only", () => {
    const out = parseDotenv(String.raw`A="l1\nl2\tt \"q\" back\\slash \$HOME \x"`);
    assert.equal(out.A, 'l1\nl2\tt "q" back\\slash $HOME \\x');
  });

  it("joins quoted values that span lines, with CRLF endings", () => {
    const out = parseDotenv('KEY="-----BEGIN-----\r\nabc\r\n-----END-----"\r\nNEXT=1\r\n');
    assert.equal(out.KEY, "-----BEGIN-----\nabc\n-----END-----");
    assert.equal(out.NEXT, "1");
    assert.equal(parseDotenv("S='a\nb'").S, "a\nb");
  });

  it("never substitutes commands or variables", () => {
    // "$" + "{" is split so the test text cannot be mistaken for a template placeholder.
    const expand = "$" + "{HOME}";
    const out = parseDotenv(`A=$(whoami)\nB=\`id\`\nC=${expand}\nD="$(whoami)"`);
    assert.deepEqual({ ...out }, { A: "$(whoami)", B: "`id`", C: expand, D: "$(whoami)" });
  });

  it("reports every bad line with its number", () => {
    const text = [
      "OK=1",
      "no equals sign",
      "1BAD=x",
      'Q="a" trailing',
      "__proto__=x",
      'U="never closed',
      "Z=1",
    ].join("\n");
    assert.throws(
      () => parseDotenv(text, "conf/.env"),
      (e: unknown) => {
        assert.ok(e instanceof EnvFileError);
        assert.equal(e.code, "FLG_ERR_ENV_FILE_INVALID");
        assert.deepEqual(
          e.problems.map((p) => p.line),
          [2, 3, 4, 5, 6],
        );
        assert.match(e.message, /conf\/\.env:2: expected KEY=value/);
        assert.match(e.message, /conf\/\.env:6: unterminated double quote/);
        return true;
      },
    );
  });

  it("returns a null-prototype record and leaves Object.prototype alone", () => {
    const out = parseDotenv("constructor=1\ntoString=2");
    assert.equal(Object.getPrototypeOf(out), null);
    assert.equal(out.constructor, "1");
    assert.equal(typeof ({} as { toString: unknown }).toString, "function");
  });

  it("skips a leading BOM", () => {
    assert.deepEqual({ ...parseDotenv("\uFEFFA=1") }, { A: "1" });
  });
});

describe("loadEnvFile", () => {
  it("returns false for a missing file", () => {
    assert.equal(loadEnvFile(join(dir, "missing.env")), false);
  });

  it("fills unset variables and lets real ones win unless override", () => {
    const path = join(dir, "a.env");
    writeFileSync(path, "FROM_FILE=file\nALREADY=file\n");
    const target: Record<string, string | undefined> = { ALREADY: "real" };
    assert.equal(loadEnvFile(path, { env: target }), true);
    assert.deepEqual(target, { ALREADY: "real", FROM_FILE: "file" });
    loadEnvFile(path, { env: target, override: true });
    assert.equal(target.ALREADY, "file");
  });

  it("loads into process.env by default", () => {
    const path = join(dir, "b.env");
    writeFileSync(path, "FLAGON_DOTENV_TEST=yes\n");
    try {
      loadEnvFile(path);
      assert.equal(process.env.FLAGON_DOTENV_TEST, "yes");
    } finally {
      delete process.env.FLAGON_DOTENV_TEST;
    }
  });

  it("rethrows other read errors (a directory)", () => {
    assert.throws(() => loadEnvFile(dir), { code: "EISDIR" });
  });
});
