import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import type { Database } from "../db/index.ts";
import { ERR_ORM_QUERY } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { deferredOf } from "../model/instance.ts";
import { model } from "../model/model.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

const Doc = model(
  "od.Doc",
  { title: f.string({ maxLength: 20 }), body: f.text(), pages: f.int() },
  { table: "flg_od_doc", ordering: ["title"] },
);

test("only/defer: the SQL selects the loaded columns, the key always", () => {
  assert.equal(
    Doc.objects.only("title").toSql("postgres").sql,
    'select "flg_od_doc"."id", "flg_od_doc"."title" from "flg_od_doc" order by "flg_od_doc"."title" asc',
  );
  assert.equal(
    Doc.objects.defer("body").defer("pages").toSql("mysql").sql,
    "select `flg_od_doc`.`id`, `flg_od_doc`.`title` from `flg_od_doc` order by `flg_od_doc`.`title` asc",
  );
  const code = { code: ERR_ORM_QUERY };
  assert.throws(() => Doc.objects.only("nope" as never), code);
  assert.throws(() => Doc.objects.defer("id" as never), code);
  assert.throws(() => Doc.objects.values("title").only("title"), code);
});

for (const backend of backends()) {
  describe(`only/defer (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, [Doc]);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
      await Doc.objects.using(db).create({ title: "a", body: "long", pages: 3 });
    });

    test("deferred fields are absent; save() writes only loaded ones", async () => {
      const d = await Doc.objects.using(db).only("title").get({ title: "a" });
      assert.deepEqual({ ...d }, { id: d.id, title: "a" });
      assert.deepEqual([...(deferredOf(d) ?? [])].sort(), ["body", "pages"]);
      d.title = "b";
      await d.save();
      const full = await Doc.objects.using(db).get({ id: d.id });
      assert.deepEqual([full.title, full.body, full.pages], ["b", "long", 3]);
    });

    test("defer, then refreshFromDb() loads everything", async () => {
      const [d] = await Doc.objects.using(db).defer("body");
      assert.ok(d !== undefined);
      assert.equal("body" in d, false);
      assert.equal(d.pages, 3);
      await (d as unknown as { refreshFromDb(): Promise<void> }).refreshFromDb();
      assert.equal((d as unknown as { body: string }).body, "long");
      assert.equal(deferredOf(d), undefined);
    });
  });
}
