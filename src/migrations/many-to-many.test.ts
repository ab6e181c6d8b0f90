/**
 * Many-to-many fields through migrations, on each backend: makemigrations creates the
 * auto-created through model's table with the models that own it, migrate builds it, the related
 * manager links rows through it, and migrating back to zero drops it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { before, describe, test } from "node:test";
import { backends } from "../orm/db/fixtures/backends.ts";
import { type Database, f, model } from "../orm/index.ts";
import type { MigrationsApp } from "./app.ts";
import { tableExists } from "./fixtures/introspect.ts";
import { makemigrations } from "./makemigrations.ts";
import { migrate } from "./migrate.ts";
import { useScratch } from "./fixtures/scratch.ts";

const INDEX = resolve(import.meta.dirname, "index.ts");
const RECORDER_TABLE = "mgm_migrations";

const Tag = model("mgm.Tag", { name: f.string({ maxLength: 30 }) }, { table: "mgm_tag" });
const Post = model(
  "mgm.Post",
  { title: f.string({ maxLength: 50 }), tags: f.manyToMany(() => Tag) },
  { table: "mgm_post" },
);

for (const backend of backends()) {
  describe(`many-to-many through migrations (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    let dir: string;
    let apps: MigrationsApp[];
    const scratch = useScratch(backend, "flagon-m2m", [
      "mgm_post_tags",
      "mgm_post",
      "mgm_tag",
      RECORDER_TABLE,
    ]);
    before(() => {
      db = scratch.db;
      dir = scratch.dir;
      // Only the two declared models are listed: the through model must be found by itself.
      apps = [{ label: "mgm", models: [Tag, Post], migrationsDir: dir }];
    });

    test("the through table is created, used and dropped with its models", async () => {
      const [made] = await makemigrations({ apps, importFrom: INDEX });
      assert.ok(made !== undefined);
      assert.match(readFileSync(made.path, "utf8"), /op\.createModel\("mgm\.Post_tags"/);
      await makemigrations({ apps, importFrom: INDEX, check: true });
      await migrate({ apps, db, recorderTable: RECORDER_TABLE });
      assert.ok(await tableExists(db, "mgm_post_tags"));
      const post = await Post.objects.using(db).create({ title: "Hello" });
      const tag = await Tag.objects.using(db).create({ name: "news" });
      await post.tags.add(tag);
      assert.deepEqual(await post.tags.all().valuesList("name", { flat: true }), ["news"]);
      await migrate({
        apps,
        db,
        recorderTable: RECORDER_TABLE,
        target: { app: "mgm", name: "zero" },
      });
      assert.equal(await tableExists(db, "mgm_post_tags"), false);
      assert.equal(await tableExists(db, "mgm_post"), false);
    });
  });
}
