import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertDeployable, checkSettings } from "./checks.ts";
import { NotDeployableError } from "./errors.ts";

const STRONG = "q8Vf3kLz0pX2mN7rT4bW9cY1hJ6sD5gA-strong";
const good = { debug: false, secretKey: STRONG, allowedHosts: ["example.com"], https: true };
const ids = (s: Parameters<typeof checkSettings>[0], o?: Parameters<typeof checkSettings>[1]) =>
  checkSettings(s, o).map((m) => m.id);

describe("checkSettings", () => {
  it("passes a production-ready configuration", () => {
    assert.deepEqual(checkSettings(good), []);
  });

  it("E001: missing secret key in production", () => {
    assert.deepEqual(ids({ ...good, secretKey: undefined }), ["flagon.E001"]);
    assert.deepEqual(ids({ ...good, secretKey: "" }), ["flagon.E001"]);
    assert.deepEqual(ids({ ...good, secretKey: [] }), ["flagon.E001"]);
  });

  it("E002: short, placeholder or weak fallback keys", () => {
    assert.deepEqual(ids({ ...good, secretKey: "short" }), ["flagon.E002"]);
    const placeholder = checkSettings({
      ...good,
      secretKey: "change-me-change-me-change-me-change-me",
    });
    assert.equal(placeholder[0]?.id, "flagon.E002");
    assert.match(placeholder[0]!.message, /placeholder/);
    const fallback = checkSettings({ ...good, secretKey: [STRONG, "old"] });
    assert.match(fallback[0]!.message, /fallback #1/);
    assert.equal(fallback[0]!.level, "error");
  });

  it("E003 and W002: empty or wildcard allowedHosts", () => {
    assert.deepEqual(ids({ ...good, allowedHosts: [] }), ["flagon.E003"]);
    assert.deepEqual(ids({ ...good, allowedHosts: ["*"] }), ["flagon.W002"]);
  });

  it("W003: https off in production", () => {
    assert.deepEqual(ids({ ...good, https: false }), ["flagon.W003"]);
    assert.deepEqual(ids({ ...good, https: undefined }), ["flagon.W003"]);
  });

  it("W001 in debug mode, production checks skipped unless deploy is asked", () => {
    const dev = { debug: true, secretKey: undefined, allowedHosts: ["*"], https: false };
    assert.deepEqual(ids(dev), ["flagon.W001"]);
    assert.deepEqual(ids(dev, { deploy: true }), [
      "flagon.W001",
      "flagon.E001",
      "flagon.W002",
      "flagon.W003",
    ]);
  });

  it("every message has a hint and never includes the key", () => {
    for (const m of checkSettings({
      debug: false,
      secretKey: "tooshort-secret",
      allowedHosts: ["*"],
    })) {
      assert.ok(m.hint.length > 0);
      assert.doesNotMatch(m.message + m.hint, /tooshort-secret/);
    }
  });
});

describe("assertDeployable", () => {
  it("throws FLG_ERR_NOT_DEPLOYABLE listing each error", () => {
    assert.throws(
      () => assertDeployable({ debug: false, secretKey: "changeme", allowedHosts: [] }),
      (e: unknown) =>
        e instanceof NotDeployableError &&
        e.code === "FLG_ERR_NOT_DEPLOYABLE" &&
        e.ids.join() === "flagon.E002,flagon.E003" &&
        /flagon\.E002: secretKey is too weak/.test(e.message),
    );
  });

  it("returns warnings when there is no error", () => {
    assert.deepEqual(
      assertDeployable({ ...good, https: false }).map((m) => m.id),
      ["flagon.W003"],
    );
    assert.deepEqual(
      assertDeployable({ debug: true }).map((m) => m.id),
      ["flagon.W001"],
    );
  });
});
