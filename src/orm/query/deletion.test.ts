import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backends } from "../db/fixtures/backends.ts";
import { type Database, IntegrityError } from "../db/index.ts";
import { ERR_ORM_PROTECTED, ERR_ORM_RESTRICTED, ProtectedError } from "../model/errors.ts";
import { f } from "../model/fields.ts";
import { model } from "../model/model.ts";
import { postDelete, postSave, preDelete, preSave, type SignalArgs } from "../model/signals.ts";
import { useModelTables } from "./fixtures/model-tables.ts";

// Django's RESTRICT example: deleting an artist may take a song that restricts it, but only
// through the cascade from the artist's own album.
const Artist = model(
  "del.Artist",
  { name: f.string({ maxLength: 20 }) },
  { table: "flg_del_artist" },
);
const Album = model(
  "del.Album",
  {
    artist: f.foreignKey(() => Artist, { onDelete: "cascade" }),
    title: f.string({ maxLength: 20 }),
  },
  { table: "flg_del_album" },
);
const Song = model(
  "del.Song",
  {
    album: f.foreignKey(() => Album, { onDelete: "cascade" }),
    artist: f.foreignKey(() => Artist, { onDelete: "restrict" }),
  },
  { table: "flg_del_song" },
);
const Label = model("del.Label", { name: f.string({ maxLength: 20 }) }, { table: "flg_del_label" });
const Contract = model(
  "del.Contract",
  {
    label: f.foreignKey(() => Label, { onDelete: "protect" }),
    artist: f.foreignKey(() => Artist, { onDelete: "setNull", null: true }),
  },
  { table: "flg_del_contract" },
);
const Note = model(
  "del.Note",
  { label: f.foreignKey(() => Label, { onDelete: "doNothing", null: true, relatedName: "+" }) },
  { table: "flg_del_note" },
);
const models = [Artist, Album, Song, Label, Contract, Note];

for (const backend of backends()) {
  describe(`onDelete and signals (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    before(async () => {
      if (backend.skip) return;
      db = tables.db;
    });

    test("CASCADE collects two levels; RESTRICT allows rows the cascade takes anyway", async () => {
      const a = await Artist.objects.using(db).create({ name: "A" });
      const al = await Album.objects.using(db).create({ artistId: a.id, title: "One" });
      await Song.objects.using(db).create({ albumId: al.id, artistId: a.id });
      const c = await Contract.objects.using(db).create({
        labelId: (await Label.objects.using(db).create({ name: "L" })).id,
        artistId: a.id,
      });
      const seen: string[] = [];
      const pre = (x: SignalArgs) =>
        void seen.push(`pre ${x.sender.meta.name} ${String(x.instance.id)}`);
      const post = (x: SignalArgs) => void seen.push(`post ${x.sender.meta.name}`);
      preDelete.connect(pre);
      postDelete.connect(post, { sender: Song });
      try {
        await a.delete();
      } finally {
        preDelete.disconnect(pre);
        postDelete.disconnect(post);
      }
      assert.equal(a.id, null);
      assert.equal(await Album.objects.using(db).count(), 0);
      assert.equal(await Song.objects.using(db).count(), 0);
      await c.refreshFromDb();
      assert.equal(c.artistId, null, "SET_NULL applied");
      assert.match(seen[0]!, /^pre Artist \d+$/);
      assert.equal(seen.filter((s) => s.startsWith("pre")).length, 3);
      assert.deepEqual(
        seen.filter((s) => s.startsWith("post")),
        ["post Song"],
      );
    });

    test("RESTRICT refuses a row pointed at from outside the cascade, naming it", async () => {
      const a = await Artist.objects.using(db).create({ name: "A" });
      const b = await Artist.objects.using(db).create({ name: "B" });
      const al = await Album.objects.using(db).create({ artistId: b.id, title: "Two" });
      const s = await Song.objects.using(db).create({ albumId: al.id, artistId: a.id });
      await assert.rejects(a.delete(), (e: unknown) => {
        assert.ok(e instanceof ProtectedError);
        assert.equal(e.code, ERR_ORM_RESTRICTED);
        assert.match(e.message, new RegExp(`del\\.Song ${s.id}`));
        assert.deepEqual(
          e.objects.map((o) => (o as { id: number }).id),
          [s.id],
        );
        return true;
      });
      assert.equal(await Artist.objects.using(db).filter({ id: a.id }).count(), 1);
      await Artist.objects
        .using(db)
        .filter({ name: { in: ["A", "B"] } })
        .delete();
      assert.equal(await Artist.objects.using(db).count(), 0, "deleted together, the song goes");
    });

    test("PROTECT refuses on instance and queryset delete and changes nothing", async () => {
      const l = await Label.objects.using(db).create({ name: "P" });
      const k = await Contract.objects.using(db).create({ labelId: l.id });
      for (const attempt of [
        () => l.delete(),
        () => Label.objects.using(db).filter({ id: l.id }).delete(),
      ]) {
        await assert.rejects(attempt(), (e: unknown) => {
          assert.ok(e instanceof ProtectedError);
          assert.equal(e.code, ERR_ORM_PROTECTED);
          assert.equal(e.status, 409);
          assert.match(e.message, /del\.Contract\.label/);
          assert.equal((e.objects[0] as { id: number }).id, k.id);
          return true;
        });
      }
      assert.equal(await Label.objects.using(db).filter({ id: l.id }).count(), 1);
      await k.delete();
      assert.equal(await Label.objects.using(db).filter({ id: l.id }).delete(), 1);
    });

    test("DO_NOTHING leaves it to the database", async () => {
      const l = await Label.objects.using(db).create({ name: "N" });
      await Note.objects.using(db).create({ labelId: l.id });
      await assert.rejects(l.delete(), (e: unknown) => e instanceof IntegrityError);
      await Note.objects.using(db).delete();
      await l.delete();
    });

    test("save signals: pre and post, with created", async () => {
      const log: string[] = [];
      const pre = (x: SignalArgs) => void log.push(`pre ${String(x.instance.name)}`);
      const post = (x: SignalArgs) => void log.push(`post ${String(x.created)}`);
      preSave.connect(pre, { sender: Artist });
      postSave.connect(post, { sender: Artist });
      try {
        const a = await Artist.objects.using(db).create({ name: "S" });
        a.name = "T";
        await a.save();
        await Album.objects.using(db).create({ artistId: a.id, title: "x" });
      } finally {
        preSave.disconnect(pre);
        postSave.disconnect(post);
      }
      assert.deepEqual(log, ["pre S", "post true", "pre T", "post false"]);
    });
  });
}
