/**
 * Date-part comparisons and `F()` across relations, type tests: checked by `tsc --noEmit`; each
 * `@ts-expect-error` fails the check if its line ever compiles. `F` is untyped (a path is checked
 * when the filter is parsed), so its wrong paths are runtime errors, tested in
 * src/orm/query/f-joins.test.ts. The runtime test runs the typed calls on SQLite.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createModel,
  Database,
  ERR_ORM_JOINED_REF,
  F,
  f,
  model,
  type OpValue,
  withRelated,
} from "flagon/orm";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

const QuestionBase = model("tlk.Question", {
  text: f.string({ maxLength: 50 }),
  asked: f.datetime({ null: true }),
  day: f.date({ null: true }),
  needed: f.int({ default: 0 }),
});
const Choice = model("tlk.Choice", {
  label: f.string({ maxLength: 50 }),
  votes: f.int({ default: 0 }),
  question: f.foreignKey(() => QuestionBase, { onDelete: "cascade", relatedName: "choices" }),
});
const Question = withRelated(QuestionBase, { choices: f.reverse(() => Choice, "question") });

// A part takes a whole number or comparisons of one.
expectType<
  Equal<
    OpValue<Date, "year">,
    | number
    | {
        readonly exact?: number;
        readonly gt?: number;
        readonly gte?: number;
        readonly lt?: number;
        readonly lte?: number;
        readonly in?: readonly number[];
        readonly range?: readonly [number, number];
      }
  >
>(true);

async function typed(db: Database): Promise<number> {
  const qs = Question.objects.using(db);
  let n = 0;
  n += await qs.filter({ asked: { year: { gte: 2020, lt: 2030 }, month: { in: [1, 2] } } }).count();
  n += await qs.filter({ asked: { week_day: { range: [2, 6] }, hour: { gt: 8 } } }).count();
  n += await qs
    .filter({ asked: { quarter: 1, week: { lte: 53 }, iso_year: { exact: 2024 } } })
    .count();
  n += await qs
    .filter({ asked: { iso_week_day: 1, minute: { gte: 0 }, second: { lt: 60 } } })
    .count();
  n += await qs
    .filter({ day: { year: { gt: 2000 }, week: 53, iso_week_day: { in: [6, 7] } } })
    .count();
  // F across relations, where a filter takes an F.
  n += await Choice.objects
    .using(db)
    .filter({ votes: { gt: F("question.needed") }, label: F("question.text") })
    .count();
  n += await qs.filter({ needed: { lt: F("choices.votes").mul(2) } }).count();
  return n;
}

async function negatives(): Promise<void> {
  const qs = Question.objects;
  // @ts-expect-error: a part's operand is a number
  qs.filter({ asked: { year: { gte: "2020" } } });
  // @ts-expect-error: no such comparison under a part
  qs.filter({ asked: { year: { like: 2020 } } });
  // @ts-expect-error: isnull is the field's lookup, not a part's
  qs.filter({ asked: { month: { isnull: true } } });
  // @ts-expect-error: in takes numbers
  qs.filter({ asked: { month: { in: ["1"] } } });
  // @ts-expect-error: range takes two numbers
  qs.filter({ asked: { week: { range: [1, 2, 3] } } });
  // @ts-expect-error: a date has no minute
  qs.filter({ day: { minute: { gt: 1 } } });
  // @ts-expect-error: a date has no second
  qs.filter({ day: { second: 1 } });
  // @ts-expect-error: text has no parts
  qs.filter({ text: { week: 1 } });
  // @ts-expect-error: a part takes no F
  qs.filter({ asked: { year: F("needed") } });
}
void negatives;

test("date-part comparisons and F across relations run on SQLite", async () => {
  const db = new Database("default", "sqlite::memory:");
  await createModel(db, Question);
  await createModel(db, Choice);
  const q = await Question.objects
    .using(db)
    .create({ text: "b", asked: new Date("2024-01-01T09:00:00Z"), day: "2021-01-02", needed: 1 });
  await Choice.objects.using(db).create({ label: "b", votes: 3, questionId: q.id });
  assert.equal(await typed(db), 7);
  await assert.rejects(
    () => Choice.objects.using(db).update({ votes: F("question.needed") }),
    (e: Error & { code?: string }) => e.code === ERR_ORM_JOINED_REF,
  );
  await db.close();
});
