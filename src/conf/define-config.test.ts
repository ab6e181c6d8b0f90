import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defineConfig } from "./define-config.ts";
import { env } from "./env-readers.ts";
import { SettingsError } from "./errors.ts";

const spec = () => ({
  debug: env.bool("FLAGON_DEBUG", false),
  secretKey: env.string("FLAGON_SECRET_KEY"),
  port: env.int("PORT", 8000),
  allowedHosts: env.list("FLAGON_ALLOWED_HOSTS", ["localhost"]),
  databaseUrl: env.url("DATABASE_URL", "sqlite::memory:"),
  appName: "mysite",
  db: { pool: env.int("DB_POOL", 5), timeout: env.float("DB_TIMEOUT").optional() },
});

describe("defineConfig", () => {
  it("resolves defaults and variables into a typed, frozen object", () => {
    const s = defineConfig(spec(), {
      env: { FLAGON_SECRET_KEY: "k", PORT: "9000", DB_TIMEOUT: "1.5" },
    });
    // Type checks: these assignments fail tsc if inference breaks.
    const port: number = s.port;
    const debug: boolean = s.debug;
    const hosts: readonly string[] = s.allowedHosts;
    const timeout: number | undefined = s.db.timeout;
    // @ts-expect-error port is a number, not a string
    const wrong: string = s.port;
    void wrong;
    assert.equal(port, 9000);
    assert.equal(debug, false);
    assert.deepEqual(hosts, ["localhost"]);
    assert.equal(timeout, 1.5);
    assert.equal(s.secretKey, "k");
    assert.equal(s.databaseUrl, "sqlite::memory:");
    assert.equal(s.appName, "mysite");
    assert.equal(s.db.pool, 5);
    assert.ok(Object.isFrozen(s) && Object.isFrozen(s.db));
    assert.throws(() => {
      (s as { port: number }).port = 1;
    }, TypeError);
  });

  it("reports every problem at once in FLG_ERR_SETTINGS_INVALID", () => {
    const err = (() => {
      try {
        defineConfig(spec(), {
          env: { PORT: "12abc", FLAGON_DEBUG: "flase", DB_POOL: "x", DATABASE_URL: "nope:secret" },
        });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof SettingsError);
    assert.equal(err.code, "FLG_ERR_SETTINGS_INVALID");
    assert.deepEqual(
      err.problems.map((p) => [p.name, p.path]),
      [
        ["FLAGON_DEBUG", "debug"],
        ["FLAGON_SECRET_KEY", "secretKey"],
        ["PORT", "port"],
        ["DB_POOL", "db.pool"],
      ],
    );
    assert.match(err.message, /^Invalid settings \(4 problems\):\n/);
    assert.match(err.message, /\n {2}FLAGON_SECRET_KEY: required but not set/);
    assert.match(err.message, /\n {2}PORT: expected an integer, got "12abc"/);
    assert.match(err.message, /\n {2}FLAGON_DEBUG: expected a boolean/);
    assert.match(err.message, /\n {2}DB_POOL: expected an integer/);
  });

  it("accepts a URL-like value new URL can parse without echoing it", () => {
    assert.throws(
      () => defineConfig({ u: env.url("U") }, { env: { U: "no scheme here" } }),
      (e: unknown) =>
        e instanceof SettingsError &&
        /U: expected an absolute URL/.test(e.message) &&
        !/no scheme/.test(e.message),
    );
  });

  it("reads process.env by default", () => {
    process.env.FLAGON_CONF_TEST_VALUE = "41";
    try {
      assert.equal(defineConfig({ n: env.int("FLAGON_CONF_TEST_VALUE") }).n, 41);
    } finally {
      delete process.env.FLAGON_CONF_TEST_VALUE;
    }
  });

  it("treats a spec key named __proto__ as data and leaves Object.prototype alone", () => {
    const before = Object.getOwnPropertyNames(Object.prototype).join();
    const s = defineConfig(
      JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>,
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(s), Object.prototype);
    assert.deepEqual(Object.keys(s), ["__proto__"]);
    assert.equal(Object.getOwnPropertyNames(Object.prototype).join(), before);
  });
});
