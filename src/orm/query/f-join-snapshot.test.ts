import assert from "node:assert/strict";
import { test } from "node:test";
import { fJoinQueries } from "./fixtures/f-join-queries.ts";

/**
 * The SQL of `F()` across relations and of compared date parts, pinned per dialect. Each relation
 * an `F` path walks is a correlated `in (select ...)` over an aliased table (`fj<n>`); a relation
 * key of the same filter object is parsed into that same subquery.
 */
const expected = {
  sqlite: {
    forward: {
      sql: 'select "snapfj_choice"."id", "snapfj_choice"."question_id", "snapfj_choice"."label", "snapfj_choice"."votes", "snapfj_choice"."created" from "snapfj_choice" where "snapfj_choice"."question_id" in (select "fj1"."id" from "snapfj_question" as "fj1" where "snapfj_choice"."created" > "fj1"."pub_date")',
      params: [],
    },
    mergedReverse: {
      sql: 'select "snapfj_question"."id", "snapfj_question"."text", "snapfj_question"."pub_date", "snapfj_question"."needed", "snapfj_question"."author_id" from "snapfj_question" where ("snapfj_question"."text" = ? and "snapfj_question"."id" in (select "fj1"."question_id" from "snapfj_choice" as "fj1" where ("fj1"."label" = ? and "snapfj_question"."needed" < "fj1"."votes")))',
      params: ["a", "yes"],
    },
    manyToManyAndForward: {
      sql: 'select "snapfj_question"."id", "snapfj_question"."text", "snapfj_question"."pub_date", "snapfj_question"."needed", "snapfj_question"."author_id" from "snapfj_question" where "snapfj_question"."id" in (select "fj1"."from_id" from "snapfj_question_tags" as "fj1" where "fj1"."to_id" in (select "fj2"."id" from "snapfj_tag" as "fj2" where "snapfj_question"."author_id" in (select "fj3"."id" from "snapfj_author" as "fj3" where "snapfj_question"."needed" <= ("fj2"."weight" + "fj3"."level"))))',
      params: [],
    },
    backToSameTable: {
      sql: 'select "snapfj_choice"."id", "snapfj_choice"."question_id", "snapfj_choice"."label", "snapfj_choice"."votes", "snapfj_choice"."created" from "snapfj_choice" where not coalesce("snapfj_choice"."question_id" in (select "fj1"."id" from "snapfj_question" as "fj1" where "fj1"."id" in (select "fj2"."question_id" from "snapfj_choice" as "fj2" where "snapfj_choice"."votes" > "fj2"."votes")), 1 = 0)',
      params: [],
    },
    forwardKeyOnly: {
      sql: 'select "snapfj_choice"."id", "snapfj_choice"."question_id", "snapfj_choice"."label", "snapfj_choice"."votes", "snapfj_choice"."created" from "snapfj_choice" where "snapfj_choice"."votes" = "snapfj_choice"."question_id"',
      params: [],
    },
    datePartCompared: {
      sql: 'select "snapfj_question"."id", "snapfj_question"."text", "snapfj_question"."pub_date", "snapfj_question"."needed", "snapfj_question"."author_id" from "snapfj_question" where ((cast(strftime(\'%Y\', "snapfj_question"."pub_date") as integer)) >= ? and (cast(strftime(\'%V\', "snapfj_question"."pub_date") as integer)) in (?, ?) and (cast(strftime(\'%u\', "snapfj_question"."pub_date") as integer)) between ? and ?)',
      params: [2020, 1, 53, 6, 7],
    },
  },
  postgres: {
    forward: {
      sql: 'select "snapfj_choice"."id", "snapfj_choice"."question_id", "snapfj_choice"."label", "snapfj_choice"."votes", "snapfj_choice"."created" from "snapfj_choice" where "snapfj_choice"."question_id" in (select "fj1"."id" from "snapfj_question" as "fj1" where "snapfj_choice"."created" > "fj1"."pub_date")',
      params: [],
    },
    mergedReverse: {
      sql: 'select "snapfj_question"."id", "snapfj_question"."text", "snapfj_question"."pub_date", "snapfj_question"."needed", "snapfj_question"."author_id" from "snapfj_question" where ("snapfj_question"."text" = $1 and "snapfj_question"."id" in (select "fj1"."question_id" from "snapfj_choice" as "fj1" where ("fj1"."label" = $2 and "snapfj_question"."needed" < "fj1"."votes")))',
      params: ["a", "yes"],
    },
    manyToManyAndForward: {
      sql: 'select "snapfj_question"."id", "snapfj_question"."text", "snapfj_question"."pub_date", "snapfj_question"."needed", "snapfj_question"."author_id" from "snapfj_question" where "snapfj_question"."id" in (select "fj1"."from_id" from "snapfj_question_tags" as "fj1" where "fj1"."to_id" in (select "fj2"."id" from "snapfj_tag" as "fj2" where "snapfj_question"."author_id" in (select "fj3"."id" from "snapfj_author" as "fj3" where "snapfj_question"."needed" <= ("fj2"."weight" + "fj3"."level"))))',
      params: [],
    },
    backToSameTable: {
      sql: 'select "snapfj_choice"."id", "snapfj_choice"."question_id", "snapfj_choice"."label", "snapfj_choice"."votes", "snapfj_choice"."created" from "snapfj_choice" where not coalesce("snapfj_choice"."question_id" in (select "fj1"."id" from "snapfj_question" as "fj1" where "fj1"."id" in (select "fj2"."question_id" from "snapfj_choice" as "fj2" where "snapfj_choice"."votes" > "fj2"."votes")), 1 = 0)',
      params: [],
    },
    forwardKeyOnly: {
      sql: 'select "snapfj_choice"."id", "snapfj_choice"."question_id", "snapfj_choice"."label", "snapfj_choice"."votes", "snapfj_choice"."created" from "snapfj_choice" where "snapfj_choice"."votes" = "snapfj_choice"."question_id"',
      params: [],
    },
    datePartCompared: {
      sql: 'select "snapfj_question"."id", "snapfj_question"."text", "snapfj_question"."pub_date", "snapfj_question"."needed", "snapfj_question"."author_id" from "snapfj_question" where ((cast(extract(year from ("snapfj_question"."pub_date" at time zone \'UTC\')) as integer)) >= $1 and (cast(extract(week from ("snapfj_question"."pub_date" at time zone \'UTC\')) as integer)) in ($2, $3) and (cast(extract(isodow from ("snapfj_question"."pub_date" at time zone \'UTC\')) as integer)) between $4 and $5)',
      params: [2020, 1, 53, 6, 7],
    },
  },
  mysql: {
    forward: {
      sql: "select `snapfj_choice`.`id`, `snapfj_choice`.`question_id`, `snapfj_choice`.`label`, `snapfj_choice`.`votes`, `snapfj_choice`.`created` from `snapfj_choice` where `snapfj_choice`.`question_id` in (select `fj1`.`id` from `snapfj_question` as `fj1` where `snapfj_choice`.`created` > `fj1`.`pub_date`)",
      params: [],
    },
    mergedReverse: {
      sql: "select `snapfj_question`.`id`, `snapfj_question`.`text`, `snapfj_question`.`pub_date`, `snapfj_question`.`needed`, `snapfj_question`.`author_id` from `snapfj_question` where (`snapfj_question`.`text` = ? and `snapfj_question`.`id` in (select `fj1`.`question_id` from `snapfj_choice` as `fj1` where (`fj1`.`label` = ? and `snapfj_question`.`needed` < `fj1`.`votes`)))",
      params: ["a", "yes"],
    },
    manyToManyAndForward: {
      sql: "select `snapfj_question`.`id`, `snapfj_question`.`text`, `snapfj_question`.`pub_date`, `snapfj_question`.`needed`, `snapfj_question`.`author_id` from `snapfj_question` where `snapfj_question`.`id` in (select `fj1`.`from_id` from `snapfj_question_tags` as `fj1` where `fj1`.`to_id` in (select `fj2`.`id` from `snapfj_tag` as `fj2` where `snapfj_question`.`author_id` in (select `fj3`.`id` from `snapfj_author` as `fj3` where `snapfj_question`.`needed` <= (`fj2`.`weight` + `fj3`.`level`))))",
      params: [],
    },
    backToSameTable: {
      sql: "select `snapfj_choice`.`id`, `snapfj_choice`.`question_id`, `snapfj_choice`.`label`, `snapfj_choice`.`votes`, `snapfj_choice`.`created` from `snapfj_choice` where not coalesce(`snapfj_choice`.`question_id` in (select `fj1`.`id` from `snapfj_question` as `fj1` where `fj1`.`id` in (select `fj2`.`question_id` from `snapfj_choice` as `fj2` where `snapfj_choice`.`votes` > `fj2`.`votes`)), 1 = 0)",
      params: [],
    },
    forwardKeyOnly: {
      sql: "select `snapfj_choice`.`id`, `snapfj_choice`.`question_id`, `snapfj_choice`.`label`, `snapfj_choice`.`votes`, `snapfj_choice`.`created` from `snapfj_choice` where `snapfj_choice`.`votes` = `snapfj_choice`.`question_id`",
      params: [],
    },
    datePartCompared: {
      sql: "select `snapfj_question`.`id`, `snapfj_question`.`text`, `snapfj_question`.`pub_date`, `snapfj_question`.`needed`, `snapfj_question`.`author_id` from `snapfj_question` where (year(`snapfj_question`.`pub_date`) >= ? and weekofyear(`snapfj_question`.`pub_date`) in (?, ?) and (weekday(`snapfj_question`.`pub_date`) + 1) between ? and ?)",
      params: [2020, 1, 53, 6, 7],
    },
  },
} as const;

for (const dialect of ["sqlite", "postgres", "mysql"] as const) {
  test(`F() across relations compiles to the pinned SQL (${dialect})`, () => {
    assert.deepEqual(fJoinQueries(dialect), expected[dialect]);
  });
}
