/**
 * makemigrations -> migrate -> showmigrations -> sqlmigrate -> a second migration (made by the
 * real bin in a child process, since this process has the first models cached) -> migrate back
 * to a migration and to zero -> squashmigrations, end to end on a temporary project, on SQLite
 * and, when their URLs are set, PostgreSQL and MariaDB. Plus the exit codes of --check and the
 * one-line errors. Then makemigrations' options on a project of their own: --name, --dry-run
 * (-v 3 prints the file), --empty (its commented data migration, uncommented, runs), and two
 * hand-written branches that makemigrations and migrate refuse until --merge joins them.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runFlagon } from "../fixtures/run-flagon.ts";
import { backends } from "../../orm/db/fixtures/backends.ts";
import { Database, sql } from "../../orm/index.ts";
import {
  cli,
  makeProject,
  ownDatabase,
  resetDatabase,
  type TempProject,
} from "./fixtures/temp-project.ts";

async function bin(
  cwd: string,
  args: string[],
): Promise<{ code: number | null; out: string; err: string }> {
  const r = await runFlagon(args, { cwd, env: { ...process.env } });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

function oneLine(r: { err: string }): void {
  assert.equal(r.err.trim().split("\n").length, 1, `one line expected: ${r.err}`);
  assert.doesNotMatch(r.err, /\bat .+:\d+:\d+/);
}

for (const b of backends()) {
  describe(`migration commands (${b.name})`, { skip: b.skip }, () => {
    const label = `mc${b.name.slice(0, 2)}`;
    let p: TempProject;
    before(async () => {
      p = makeProject(label, b.name === "sqlite" ? undefined : await ownDatabase(b.url, "mc"));
      await resetDatabase(p);
    });
    after(async () => {
      if (p === undefined) return;
      await resetDatabase(p);
      p.remove();
    });

    test("makemigrations --check fails, makemigrations writes 0001, --check passes", async () => {
      const check = await cli(p.dir, ["makemigrations", "--check"]);
      assert.equal(check.code, 1);
      assert.match(check.err, new RegExp(`${label}\\.0001_initial`));
      oneLine(check);
      assert.equal(existsSync(join(p.dir, label, "migrations")), false);

      const made = await cli(p.dir, ["makemigrations", "--no-input"]);
      assert.equal(made.code, 0, made.err);
      assert.match(made.out, new RegExp(`Migrations for '${label}':`));
      assert.match(made.out, /0001_initial\.ts/);
      assert.match(made.out, /- Create model/);
      assert.ok(existsSync(join(p.dir, label, "migrations", "0001_initial.ts")));

      const again = await cli(p.dir, ["makemigrations", "--check"]);
      assert.equal(again.code, 0, again.err);
      assert.equal(again.out, "No changes detected\n");
    });

    test("migrate --plan, migrate, showmigrations, sqlmigrate", async () => {
      const before = await cli(p.dir, ["showmigrations"]);
      assert.equal(before.code, 0, before.err);
      assert.equal(before.out, `${label}\n [ ] 0001_initial\n`);

      const plan = await cli(p.dir, ["migrate", "--plan"]);
      assert.equal(plan.out, `Planned operations:\n  ${label}.0001_initial\n`);

      const run = await cli(p.dir, ["migrate"]);
      assert.equal(run.code, 0, run.err);
      assert.match(run.out, new RegExp(`Apply all migrations: ${label}`));
      assert.match(run.out, new RegExp(`  Applying ${label}\\.0001_initial\\.\\.\\. OK\\n`));

      const noop = await cli(p.dir, ["migrate", "--database", "default"]);
      assert.match(noop.out, /No migrations to apply\./);

      const shown = await cli(p.dir, ["showmigrations", label]);
      assert.equal(shown.out, `${label}\n [X] 0001_initial\n`);
      const planned = await cli(p.dir, ["showmigrations", "--plan"]);
      assert.equal(planned.out, `[X]  ${label}.0001_initial\n`);

      const forward = await cli(p.dir, ["sqlmigrate", label, "0001"]);
      assert.equal(forward.code, 0, forward.err);
      assert.match(forward.out, new RegExp(`create table [\`"]${label}_question[\`"]`, "i"));
      const backward = await cli(p.dir, ["sqlmigrate", label, "0001_initial", "--backwards"]);
      assert.match(backward.out, new RegExp(`drop table [\`"]${label}_question[\`"]`, "i"));
    });

    // The bin (a fresh process) makes the second migration: this one has the first models
    // cached. The other commands read only migration files, so they run in-process.
    test("a second migration by the bin; migrate back to 0001, to zero, and squash", async () => {
      const models = join(p.dir, label, "models.ts");
      writeFileSync(
        models,
        readFileSync(models, "utf8").replace(
          "votes: f.int({ default: 0 }),",
          'votes: f.int({ default: 0 }),\n  note: f.string({ maxLength: 20, default: "" }),',
        ),
      );
      const check = await bin(p.dir, ["makemigrations", "--check"]);
      assert.equal(check.code, 1, check.err);
      const made = await bin(p.dir, ["makemigrations"]);
      assert.equal(made.code, 0, made.err);
      assert.match(made.out, /0002_\w+\.ts/);
      const up = await cli(p.dir, ["migrate"]);
      assert.equal(up.code, 0, up.err);
      assert.match(up.out, new RegExp(`Applying ${label}\\.0002_\\w+\\.\\.\\. OK`));

      const back = await cli(p.dir, ["migrate", label, "0001"]);
      assert.equal(back.code, 0, back.err);
      assert.match(back.out, new RegExp(`Unapplying ${label}\\.0002_\\w+\\.\\.\\. OK`));
      const zero = await cli(p.dir, ["migrate", label, "zero"]);
      assert.equal(zero.code, 0, zero.err);
      assert.match(zero.out, new RegExp(`Unapplying ${label}\\.0001_initial\\.\\.\\. OK`));
      const shown = await cli(p.dir, ["showmigrations"]);
      assert.match(shown.out, / \[ \] 0001_initial\n \[ \] 0002_/);

      const squash = await cli(p.dir, ["squashmigrations", label, "0002"]);
      assert.equal(squash.code, 0, squash.err);
      assert.ok(existsSync(join(p.dir, label, "migrations", "0001_squashed_0002.ts")));
      const fake = await cli(p.dir, ["migrate", label, "--fake"]);
      assert.equal(fake.code, 0, fake.err);
      assert.match(fake.out, new RegExp(`Applying ${label}\\.0001_squashed_0002\\.\\.\\. FAKED`));
      const unfake = await cli(p.dir, ["migrate", label, "zero", "--fake"]);
      assert.equal(unfake.code, 0, unfake.err);
    });

    test("bad arguments: one line, non-zero", async () => {
      const noApp = await cli(p.dir, ["migrate", "nosuchapp"]);
      assert.equal(noApp.code, 2);
      assert.match(noApp.err, /no installed app with the label "nosuchapp"/);
      oneLine(noApp);
      const noName = await cli(p.dir, ["sqlmigrate", label]);
      assert.equal(noName.code, 2);
      oneLine(noName);
      const badMigration = await cli(p.dir, ["migrate", label, "0099"]);
      assert.equal(badMigration.code, 2);
      assert.match(badMigration.err, /has no migration "0099"/);
      const badDb = await cli(p.dir, ["showmigrations", "--database", "nope"]);
      assert.equal(badDb.code, 1);
      assert.match(badDb.err, /No database "nope"/);
      oneLine(badDb);
    });
  });
}

for (const b of backends()) {
  describe(`makemigrations options (${b.name})`, { skip: b.skip }, () => {
    const label = `mo${b.name.slice(0, 2)}`;
    let p: TempProject;
    let dir: string;
    const files = () => (existsSync(dir) ? readdirSync(dir).sort() : []);
    before(async () => {
      p = makeProject(label, b.name === "sqlite" ? undefined : await ownDatabase(b.url, "mo"));
      dir = join(p.dir, label, "migrations");
      await resetDatabase(p);
    });
    after(async () => {
      if (p === undefined) return;
      await resetDatabase(p);
      p.remove();
    });

    test("--name is checked, --dry-run writes nothing (-v 3 prints the file), then --name writes", async () => {
      const bad = await cli(p.dir, ["makemigrations", "--name", "2bad-name"]);
      assert.equal(bad.code, 1);
      assert.match(bad.err, /"2bad-name" is not valid.*\[FLG_ERR_MIGRATIONS_NAME\]/);
      oneLine(bad);

      const dry = await cli(p.dir, ["makemigrations", "--name", "start", "--dry-run"]);
      assert.equal(dry.code, 0, dry.err);
      assert.match(
        dry.out,
        new RegExp(`Migrations for '${label}':\n  ${label}/migrations/0001_start\\.ts\n`),
      );
      assert.match(dry.out, /- Create model/);
      assert.doesNotMatch(dry.out, /Full migrations file/);
      const full = await cli(p.dir, ["makemigrations", "--name", "start", "--dry-run", "-v", "3"]);
      assert.match(full.out, /Full migrations file '0001_start\.ts':\n\/\/ Generated by Flagon/);
      assert.match(full.out, /op\.createModel\(/);
      const verbose = await cli(p.dir, ["makemigrations", "--dry-run", "--verbosity", "3"]);
      assert.match(verbose.out, /Full migrations file '0001_initial\.ts'/);
      assert.deepEqual(files(), []);
      const badV = await cli(p.dir, ["makemigrations", "-v", "9"]);
      assert.equal(badV.code, 2);

      const made = await cli(p.dir, ["makemigrations", "--name", "start", "--no-input"]);
      assert.equal(made.code, 0, made.err);
      assert.deepEqual(files(), ["0001_start.ts"]);
      const none = await cli(p.dir, ["makemigrations", "--check"]);
      assert.equal(none.code, 0, none.err);
    });

    test("--empty writes a data migration on the latest; its example, uncommented, runs", async () => {
      const noApp = await cli(p.dir, ["makemigrations", "--empty"]);
      assert.equal(noApp.code, 2);
      oneLine(noApp);
      const dry = await cli(p.dir, ["makemigrations", "--empty", label, "--dry-run", "-v", "3"]);
      assert.equal(dry.code, 0, dry.err);
      assert.match(dry.out, /0002_auto_\d{8}_\d{4}\.ts/);
      assert.deepEqual(files(), ["0001_start.ts"]);

      const made = await cli(p.dir, ["makemigrations", "--empty", label, "--name", "upper_tags"]);
      assert.equal(made.code, 0, made.err);
      assert.match(made.out, /0002_upper_tags\.ts/);
      const path = join(dir, "0002_upper_tags.ts");
      const text = readFileSync(path, "utf8");
      assert.match(text, new RegExp(`dependencies: \\[\\["${label}", "0001_start"\\]\\]`));
      assert.match(text, /\/\/ op\.runCode\(/);
      assert.match(text, new RegExp(`// {5}const Tag = model\\("${label}\\.Tag"\\);`));

      const first = await cli(p.dir, ["migrate", label, "0001"]);
      assert.equal(first.code, 0, first.err);
      const db = new Database("mo", p.url);
      try {
        await db.execute(sql`insert into ${sql.id(`${label}_tag`)} (name) values (${"red"})`);
        // Uncomment the example (its inner comment stays one), then make it do something.
        const code = text
          .replace(/^ {4}\/\/ (?=op\.runCode\(| {2}|\),)/gm, "    ")
          .replace(
            /\/\/ change row's fields here.*$/m,
            "row.name = row.name.toUpperCase(); await row.save();",
          );
        assert.doesNotMatch(code, /\/\/ op\./);
        writeFileSync(path, code);
        const run = await cli(p.dir, ["migrate"]);
        assert.equal(run.code, 0, run.err);
        assert.match(run.out, new RegExp(`Applying ${label}\\.0002_upper_tags\\.\\.\\. OK`));
        const { rows } = await db.query(sql`select name from ${sql.id(`${label}_tag`)}`);
        assert.deepEqual(
          rows.map((r) => r.name),
          ["RED"],
        );
      } finally {
        await db.close();
      }
    });

    test("two branches: refused by makemigrations and migrate, joined by --merge, all applied", async () => {
      const branch = (field: string, model: string) =>
        `import { migration, op } from "flagon/migrations";
export default migration({
  dependencies: [["${label}", "0002_upper_tags"]],
  operations: [op.addField("${label}.${model}", "${field}", { kind: "string", maxLength: 30, null: true })],
});
`;
      writeFileSync(join(dir, "0003_question_note.ts"), branch("note", "Question"));
      writeFileSync(join(dir, "0003_choice_flag.ts"), branch("flag", "Choice"));
      const conflict =
        /0003_choice_flag, 0003_question_note.*flagon makemigrations --merge.*\[FLG_ERR_MIGRATIONS_CONFLICT\]/;
      for (const args of [
        ["makemigrations", "--no-input"],
        ["makemigrations", "--check"],
        ["makemigrations", "--empty", label],
        ["migrate"],
        ["migrate", label],
        ["migrate", "--plan"],
      ]) {
        const r = await cli(p.dir, args);
        assert.equal(r.code, 1, args.join(" "));
        assert.match(r.err, conflict, args.join(" "));
        oneLine(r);
      }

      const dry = await cli(p.dir, ["makemigrations", "--merge", "--dry-run", "-v", "3"]);
      assert.equal(dry.code, 0, dry.err);
      assert.match(
        dry.out,
        new RegExp(
          `^Merging ${label}\\n  Branch 0003_choice_flag\\n    - Add field flag to ${label}\\.Choice\\n` +
            `  Branch 0003_question_note\\n    - Add field note to ${label}\\.Question\\n` +
            `Would create new merge migration ${label}/migrations/0004_merge_0003_choice_flag_0003_question_note\\.ts\\n`,
        ),
      );
      assert.match(
        dry.out,
        /Full migrations file '0004_merge_0003_choice_flag_0003_question_note\.ts'/,
      );
      assert.equal(files().length, 4);

      const merged = await cli(p.dir, ["makemigrations", "--merge"]);
      assert.equal(merged.code, 0, merged.err);
      assert.match(
        merged.out,
        /Created new merge migration .*0004_merge_0003_choice_flag_0003_question_note\.ts/,
      );
      const text = readFileSync(
        join(dir, "0004_merge_0003_choice_flag_0003_question_note.ts"),
        "utf8",
      );
      assert.match(text, /"0003_choice_flag"\][\s\S]*"0003_question_note"\]/);
      assert.match(text, /operations: \[\]/);
      const again = await cli(p.dir, ["makemigrations", "--merge"]);
      assert.equal(again.out, "No conflicts detected to merge.\n");

      const run = await cli(p.dir, ["migrate"]);
      assert.equal(run.code, 0, run.err);
      for (const m of [
        "0003_choice_flag",
        "0003_question_note",
        "0004_merge_0003_choice_flag_0003_question_note",
      ])
        assert.match(run.out, new RegExp(`Applying ${label}\\.${m}\\.\\.\\. OK`));
      const shown = await cli(p.dir, ["showmigrations", label]);
      assert.doesNotMatch(shown.out, /\[ \]/);
      assert.equal(shown.out.match(/\[X\]/g)?.length, 5);
      const db = new Database("mo", p.url);
      try {
        await db.execute(sql`update ${sql.id(`${label}_question`)} set note = ${"n"}`);
        await db.execute(sql`update ${sql.id(`${label}_choice`)} set flag = ${"f"}`);
      } finally {
        await db.close();
      }
    });
  });
}

test("no project here: one line naming settings.ts, exit 1", async () => {
  const empty = mkdtempSync(join(tmpdir(), "flagon-noproj-"));
  try {
    for (const args of [["migrate"], ["makemigrations"], ["dumpdata"], ["loaddata", "x"]]) {
      const r = await cli(empty, args);
      assert.equal(r.code, 1, args.join(" "));
      assert.match(r.err, /settings\.ts.*\[FLG_ERR_PROJECT_NOT_FOUND\]/);
      oneLine(r);
    }
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
