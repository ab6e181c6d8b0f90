/**
 * ORM instances in templates: their prototype carries `FIELDS_PROTO`, so the template engine's
 * attribute fast path reads their fields directly. The answers must be those of the general
 * look-up: fields read, relation managers and methods not mistaken for fields, an own getter
 * (which no ORM instance has, but a marked object might) never run.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Environment } from "../../templates/index.ts";
import { FIELDS_PROTO } from "../../utils/index.ts";
import { Database } from "../db/index.ts";
import { createModel } from "../schema/index.ts";
import { f } from "./fields.ts";
import { model, withRelated } from "./model.ts";

const QBase = model("tplread.Question", { text: f.string({ maxLength: 20 }) });
const Choice = model("tplread.Choice", {
  question: f.foreignKey(() => QBase, { onDelete: "cascade", relatedName: "choices" }),
  label: f.string({ maxLength: 20 }),
});
const Question = withRelated(QBase, { choices: f.reverse(() => Choice, "question") });

test("fields of loaded and new instances read through the fast path; the mark is hidden", async () => {
  const db = new Database("default", "sqlite::memory:");
  try {
    await createModel(db, QBase);
    await createModel(db, Choice);
    const created = await Question.objects.using(db).create({ text: "Why <b>?" });
    const [loaded] = await Question.objects.using(db);
    const fresh = Object.assign(Object.create(Object.getPrototypeOf(created)), { text: "new" });
    const env = new Environment({ autoescape: true });
    const t = env.fromString("{{ q.text }}|{{ q.id }}|{{ q.nope }}|{{ q.choices is defined }}");
    // `choices` is a manager behind a prototype getter, which the sandbox never runs (as before).
    for (const [q, text] of [
      [created, "Why &lt;b&gt;?"],
      [loaded, "Why &lt;b&gt;?"],
    ] as const) {
      assert.equal(t.renderSync({ q }), `${text}|${q!.id}||False`);
      assert.equal(await t.render({ q }), `${text}|${q!.id}||False`);
    }
    assert.equal(env.fromString("{{ q.text }}").renderSync({ q: fresh }), "new");
    // The mark is on the prototype chain, not the instance's own data, and not enumerable.
    const proto = Object.getPrototypeOf(loaded);
    assert.equal(proto[FIELDS_PROTO], true);
    assert.deepEqual(Object.getOwnPropertySymbols(loaded), []);
    assert.equal(JSON.stringify(loaded), JSON.stringify({ id: loaded!.id, text: "Why <b>?" }));
  } finally {
    await db.close();
  }
});

test("an own getter on a marked object is not run by the fast path", () => {
  const proto = Object.defineProperty({}, FIELDS_PROTO, { value: true });
  const obj = Object.create(proto, {
    x: {
      get() {
        throw new Error("getter ran");
      },
      enumerable: true,
    },
  });
  const env = new Environment();
  assert.equal(env.fromString("[{{ o.x }}]").renderSync({ o: obj }), "[]");
});
