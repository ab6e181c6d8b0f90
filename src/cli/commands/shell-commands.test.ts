/**
 * `shell -c` (models, project and top-level await in scope; errors as one line) and `dbshell`
 * (the real client, run against each backend; a clear error when the client is missing; the
 * password passed in the environment, never in the arguments).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { backends } from "../../orm/db/fixtures/backends.ts";
import { parseDatabaseUrl } from "../../orm/index.ts";
import { clientFor } from "./dbshell.ts";
import { cli, makeProject, type TempProject } from "./fixtures/temp-project.ts";

describe("shell", () => {
  let p: TempProject;
  before(() => {
    p = makeProject("shp");
  });
  after(() => p.remove());

  test("-c runs with the models, the project and top-level await in scope", async () => {
    const r = await cli(p.dir, [
      "shell",
      "-c",
      'console.log(Question.meta.label, models["shp.Choice"] === Choice, project.apps.length, await Promise.resolve(41) + 1)',
    ]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, "shp.Question true 1 42\n");
  });

  test("an exception in the snippet is one line on stderr, exit 1", async () => {
    const r = await cli(p.dir, ["shell", "-c", "throw new Error('boom')"]);
    assert.equal(r.code, 1);
    assert.equal(r.err, "flagon shell: Error: boom\n");
    assert.equal(r.err.trim().split("\n").length, 1);
  });
});

test("dbshell connects without the password on the command line", () => {
  const pg = clientFor(parseDatabaseUrl("postgres://ann:s3cret@db.example:5433/shop"));
  assert.deepEqual(pg.args, ["-h", "db.example", "-p", "5433", "-U", "ann", "shop"]);
  assert.deepEqual(pg.env, { PGPASSWORD: "s3cret" });
  const my = clientFor(parseDatabaseUrl("mysql://bob:pw@127.0.0.1/shop"));
  assert.ok(!my.args.join(" ").includes("pw"));
  assert.deepEqual(my.env, { MYSQL_PWD: "pw" });
  assert.deepEqual(my.bins, ["mariadb", "mysql"]);
});

const QUERY = {
  sqlite: ["select 40 + 2;"],
  postgres: ["-c", "select 40 + 2"],
  mysql: ["-e", "select 40 + 2"],
} as const;

for (const b of backends()) {
  describe(`dbshell (${b.name})`, { skip: b.skip }, () => {
    let p: TempProject;
    before(() => {
      p = makeProject(`dbs${b.name.slice(0, 2)}`, b.name === "sqlite" ? undefined : b.url);
    });
    after(() => p.remove());

    test("runs the client with arguments after --", async () => {
      const r = await cli(p.dir, ["dbshell", "--", ...QUERY[b.name]]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /\b42\b/);
    });

    test("a missing client is one clear line naming it", async () => {
      const r = await cli(p.dir, ["dbshell"], { PATH: "/nonexistent" });
      assert.equal(r.code, 1);
      const bin = { sqlite: "sqlite3", postgres: "psql", mysql: "mariadb or mysql" }[b.name];
      assert.match(r.err, new RegExp(`${bin} is not installed or not on PATH`));
      assert.equal(r.err.trim().split("\n").length, 1);
    });
  });
}
