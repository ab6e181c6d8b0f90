/**
 * Proxy models: `model(label, {}, { proxy: true, extends: Concrete })`. The declaration (own
 * meta over the concrete table, refused shapes), and on every backend: the proxy's queryset
 * (own ordering, proxy instances, signals with the proxy as sender), writes to the concrete
 * table, the concrete model's relations seen from the proxy, deletes that cascade.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { managedModels } from "../../migrations/app.ts";
import { fromModels } from "../../migrations/state.ts";
import { backends } from "../db/fixtures/backends.ts";
import { type Database, sqliteDialect } from "../db/index.ts";
import { useModelTables } from "../query/fixtures/model-tables.ts";
import { createModelSql } from "../schema/schema-editor.ts";
import { ERR_ORM_MODEL } from "./errors.ts";
import { f } from "./fields.ts";
import { model, withRelated } from "./model.ts";
import { relationsOf } from "./relations.ts";
import { postDelete, preSave } from "./signals.ts";

const Tag = model("prx.Tag", { name: f.string({ maxLength: 20 }) }, { table: "flg_prx_tag" });
const Person = model(
  "prx.Person",
  {
    name: f.string({ maxLength: 20 }),
    age: f.int({ default: 0 }),
    tags: f.manyToMany(() => Tag),
  },
  { table: "flg_prx_person", ordering: ["name"] },
);
const Pet = model(
  "prx.Pet",
  {
    name: f.string({ maxLength: 20 }),
    owner: f.foreignKey(() => Person, { onDelete: "cascade", relatedName: "pets" }),
  },
  { table: "flg_prx_pet", ordering: ["name"] },
);
const Stamp = model("prx.Stamp", { label: f.string({ maxLength: 10 }) }, { abstract: true });
/** A proxy with its own default ordering and names. */
const Elder = model(
  "prx.Elder",
  {},
  { proxy: true, extends: Person, ordering: ["-age"], verboseName: "elder" },
);
/** A proxy of a proxy: the same concrete table. */
const Oldest = model("prx.Oldest", {}, { proxy: true, extends: Elder });
/** A key may point at a proxy: it points at the concrete table. */
const Ticket = model(
  "prx.Ticket",
  { holder: f.foreignKey(() => Elder, { onDelete: "cascade" }) },
  { table: "flg_prx_ticket" },
);
const ElderR = withRelated(Elder, { pets: f.reverse(() => Pet, "owner") });
const models = [Tag, Person, Person.meta.relations.get("tags")!.through!() as never, Pet, Ticket];

const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;

test("a proxy shares the table and fields, with a meta of its own", () => {
  assert.equal(Elder.meta.table, "flg_prx_person");
  assert.equal(Elder.meta.fields, Person.meta.fields);
  assert.equal(Elder.meta.label, "prx.Elder");
  assert.deepEqual(Elder.meta.ordering, ["-age"]);
  assert.equal(Elder.meta.verboseName, "elder");
  assert.equal(Elder.meta.proxyFor, Person.meta);
  assert.equal(Oldest.meta.proxyFor, Person.meta);
  assert.deepEqual(Oldest.meta.ordering, ["-age"]);
  // The concrete model's relations, once: a proxy's keys are not counted again.
  assert.deepEqual([...relationsOf(Elder as never).keys()].sort(), ["pets", "tags", "ticketSet"]);
  assert.deepEqual([...relationsOf(Person as never).keys()].sort(), ["pets", "tags", "ticketSet"]);
  assert.deepEqual([...relationsOf(Tag as never).keys()], ["personSet"]);
  assert.throws(() => createModelSql(Elder.meta, sqliteDialect), code(ERR_ORM_MODEL));
});

test("migrations see no proxy: no table, keys to a proxy point at its concrete model", () => {
  const managed = managedModels([Person, Elder, Oldest, Ticket] as never[]);
  assert.ok(!managed.includes(Elder as never) && !managed.includes(Oldest as never));
  const state = fromModels(managed);
  assert.deepEqual([...state.keys()].sort(), ["prx.Person", "prx.Person_tags", "prx.Ticket"]);
  assert.equal(state.get("prx.Ticket")!.fields.holder!.to, "prx.Person");
});

test("refused proxies are coded errors", () => {
  const bad = (fn: () => unknown) => assert.throws(fn, code(ERR_ORM_MODEL));
  // Also a compile error (test/types/orm-inheritance.test.ts).
  bad(() => model("prx.Fields", { x: f.int() }, { proxy: true, extends: Person } as never));
  // proxy: false is an ordinary model.
  assert.doesNotThrow(() => model("prx.Plain", { x: f.int() }, { proxy: false }));
  bad(() => model("prx.OfAbstract", {}, { proxy: true, extends: Stamp as never }));
  bad(() => model("prx.Lone", {}, { proxy: true } as never));
  bad(() => model("prx.Tabled", {}, { proxy: true, extends: Person, table: "x" }));
  bad(() =>
    model("prx.Indexed", {}, { proxy: true, extends: Person, indexes: [{ fields: ["name"] }] }),
  );
  bad(() => model("prx.Order", {}, { proxy: true, extends: Person, ordering: ["nope" as never] }));
});

for (const backend of backends()) {
  describe(`proxy models (${backend.name})`, { skip: backend.skip }, () => {
    let db: Database;
    const tables = useModelTables(backend, models);
    before(() => {
      db = tables.db;
    });

    test("the proxy's queryset reads the concrete rows in its own order", async () => {
      for (const [name, age] of [
        ["Ann", 30],
        ["Bob", 70],
        ["Cy", 50],
      ] as const)
        await Person.objects.using(db).create({ name, age });
      assert.deepEqual(await Person.objects.using(db).valuesList("name", { flat: true }), [
        "Ann",
        "Bob",
        "Cy",
      ]);
      assert.deepEqual(await Elder.objects.using(db).valuesList("name", { flat: true }), [
        "Bob",
        "Cy",
        "Ann",
      ]);
      assert.equal(
        await Elder.objects
          .using(db)
          .filter({ age: { gte: 50 } })
          .count(),
        2,
      );
      assert.equal((await Oldest.objects.using(db).first())!.name, "Bob");
    });

    test("proxy instances save to the concrete table, sending signals as the proxy", async () => {
      const senders: string[] = [];
      const spy = ({ sender }: { sender: unknown }) => {
        senders.push((sender as { meta: { label: string } }).meta.label);
      };
      preSave.connect(spy);
      try {
        const bob = await Elder.objects.using(db).get({ name: "Bob" });
        bob.age = 71;
        await bob.save();
        await Elder.objects.using(db).create({ name: "Dee", age: 90 });
      } finally {
        preSave.disconnect(spy);
      }
      assert.deepEqual(senders, ["prx.Elder", "prx.Elder"]);
      assert.equal((await Person.objects.using(db).get({ name: "Bob" })).age, 71);
      assert.equal(await Person.objects.using(db).count(), 4);
    });

    test("relations of the concrete model work from proxy instances", async () => {
      const bob = await Person.objects.using(db).get({ name: "Bob" });
      await Pet.objects.using(db).create({ name: "Rex", ownerId: bob.id });
      await Ticket.objects.using(db).create({ holderId: bob.id });
      const elder = await ElderR.objects.using(db).get({ name: "Bob" });
      assert.deepEqual(
        (await elder.pets.all()).map((p) => p.name),
        ["Rex"],
      );
      assert.deepEqual(
        await ElderR.objects
          .using(db)
          .filter({ pets: { name: "Rex" } })
          .valuesList("name", { flat: true }),
        ["Bob"],
      );
      const t = await Ticket.objects
        .using(db)
        .filter({ holder: { name: "Bob" } })
        .count();
      assert.equal(t, 1);
      // A many-to-many field of the concrete model, through its link table.
      const tag = await Tag.objects.using(db).create({ name: "vip" });
      await elder.tags.add(tag);
      assert.deepEqual(
        (await elder.tags.all()).map((x) => x.name),
        ["vip"],
      );
      assert.equal(
        await Elder.objects
          .using(db)
          .filter({ tags: { name: "vip" } })
          .count(),
        1,
      );
    });

    test("deleting a proxy instance deletes the concrete row and cascades", async () => {
      const seen: string[] = [];
      const spy = ({ sender }: { sender: unknown }) => {
        seen.push((sender as { meta: { label: string } }).meta.label);
      };
      postDelete.connect(spy);
      try {
        const bob = await Elder.objects.using(db).get({ name: "Bob" });
        await bob.delete();
      } finally {
        postDelete.disconnect(spy);
      }
      assert.deepEqual(seen.sort(), ["prx.Elder", "prx.Person_tags", "prx.Pet", "prx.Ticket"]);
      assert.equal(await Person.objects.using(db).filter({ name: "Bob" }).count(), 0);
      assert.equal(await Pet.objects.using(db).count(), 0);
      assert.equal(await Ticket.objects.using(db).count(), 0);
      assert.equal(
        await Elder.objects
          .using(db)
          .filter({ age: { lt: 60 } })
          .delete(),
        2,
      );
      assert.deepEqual(await Person.objects.using(db).valuesList("name", { flat: true }), ["Dee"]);
    });
  });
}
