import assert from "node:assert/strict";
import { test } from "node:test";
import { isFlagonError } from "../../utils/index.ts";
import { ERR_DB_URL } from "./errors.ts";
import { parseDatabaseUrl, redactUrl } from "./url.ts";

test("postgres URLs: credentials decoded, defaults filled in", () => {
  assert.deepEqual(parseDatabaseUrl("postgres://app:p%40ss@db.local/shop?pool_max=5"), {
    vendor: "postgres",
    host: "db.local",
    port: 5432,
    user: "app",
    password: "p@ss",
    database: "shop",
    poolMax: 5,
    connectTimeout: 10000,
    ssl: "off",
    applicationName: undefined,
  });
  const c = parseDatabaseUrl("postgresql://u@[::1]:6543/x?ssl=verify&application_name=web");
  assert.ok(c.vendor === "postgres");
  assert.equal(c.host, "::1");
  assert.equal(c.port, 6543);
  assert.equal(c.password, undefined);
  assert.equal(c.ssl, "verify");
  assert.equal(c.applicationName, "web");
});

test("mysql and mariadb URLs share a backend", () => {
  for (const scheme of ["mysql", "mariadb"]) {
    const c = parseDatabaseUrl(`${scheme}://root@127.0.0.1/test`);
    assert.equal(c.vendor, "mysql");
    assert.ok(c.vendor === "mysql" && c.port === 3306 && c.database === "test");
  }
});

test("sqlite URLs: relative, absolute, memory", () => {
  const rel = parseDatabaseUrl("sqlite:///db.sqlite3");
  assert.ok(rel.vendor === "sqlite" && rel.path === "db.sqlite3" && rel.busyTimeout === 5000);
  const abs = parseDatabaseUrl("sqlite:////var/lib/app/db.sqlite3?busy_timeout=100&mode=ro");
  assert.ok(abs.vendor === "sqlite" && abs.path === "/var/lib/app/db.sqlite3");
  assert.ok(abs.busyTimeout === 100 && abs.readonly);
  for (const url of ["sqlite::memory:", "sqlite://:memory:", "sqlite:///:memory:"]) {
    const m = parseDatabaseUrl(url);
    assert.ok(m.vendor === "sqlite" && m.path === ":memory:", url);
  }
});

test("bad URLs get FLG_ERR_DB_URL naming the problem, never the password", () => {
  const cases: Array<[string, RegExp]> = [
    ["", /empty/],
    ["db.sqlite3", /no scheme/],
    ["mongodb://h/db", /unsupported scheme "mongodb:"/],
    ["postgres://u:secret@/db", /no host|not a valid URL/],
    ["postgres://u:secret@h", /must name one database/],
    ["postgres://u:secret@h/a/b", /must name one database/],
    ["postgres://u:secret@h:99999/db", /not a valid URL/],
    ["postgres://u:secret@h/db?poolmax=3", /unknown option "poolmax"/],
    ["postgres://u:secret@h/db?pool_max=0", /pool_max must be a whole number >= 1/],
    ["postgres://u:secret@h/db?pool_max=1&pool_max=2", /repeats "pool_max"/],
    ["postgres://u:secret@h/db?ssl=yes", /ssl must be off, require or verify/],
    ["postgres://u:secret@h/%E0%A4%A", /malformed %-escape/],
    ["sqlite://host/db.sqlite3", /has no host/],
    ["sqlite:db.sqlite3", /write sqlite:\/\/\/relative.db/],
    ["sqlite:///", /no SQLite file path/],
    ["sqlite:///x.db?mode=rwc", /mode must be/],
    ["sqlite:///x.db?timeout=1", /unknown option "timeout"/],
  ];
  for (const [url, re] of cases) {
    assert.throws(
      () => parseDatabaseUrl(url),
      (err: Error) => {
        assert.ok(isFlagonError(err, ERR_DB_URL), url);
        assert.match(err.message, re, url);
        assert.doesNotMatch(err.message, /secret/, url);
        return true;
      },
    );
  }
});

test("redactUrl masks the password only", () => {
  assert.equal(redactUrl("postgres://app:s3cr3t@h/db"), "postgres://app:***@h/db");
  assert.equal(redactUrl("postgres://app@h/db"), "postgres://app@h/db");
  assert.equal(redactUrl("sqlite::memory:"), "sqlite::memory:");
});
