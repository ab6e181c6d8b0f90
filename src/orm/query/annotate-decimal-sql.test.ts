/**
 * The SQL of decimal aggregates and arithmetic (decimal-sql.ts) and of annotate() combined with
 * selectRelated/distinct, pinned per dialect: on SQLite decimals are scaled integers, a decimal
 * Avg is selected as "sum/count" text (its value, for filters and ordering, stays avg()); a
 * decimal expression selected on SQLite raises "integer overflow" when it comes out a REAL.
 * Review a change here, then update the expected text.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { f } from "../model/fields.ts";
import { model, withRelated } from "../model/model.ts";
import { Avg, Count, Sum } from "./aggregates.ts";
import { F } from "./expressions.ts";
const OrderBase = model(
  "decsnap.Order",
  { ref: f.string({ maxLength: 10 }), fee: f.decimal({ maxDigits: 6, decimalPlaces: 1 }) },
  { table: "ds_order" },
);
const Line = model(
  "decsnap.Line",
  {
    price: f.decimal({ maxDigits: 10, decimalPlaces: 2 }),
    qty: f.int(),
    order: f.foreignKey(() => OrderBase, { onDelete: "cascade", relatedName: "lines" }),
  },
  { table: "ds_line" },
);
const Order = withRelated(OrderBase, { lines: f.reverse(() => Line, "order") });
const shapes = {
  perRowDecimal: () =>
    Order.objects
      .annotate({ total: Sum("lines.price"), mean: Avg("lines.price") })
      .annotate({ t: F("total").add(F("fee")).mul(2) })
      .filter({ total: { gt: "1.5" } })
      .orderBy("-mean"),
  groupedDecimalExpr: () =>
    Line.objects.values("qty").annotate({ g: Sum(F("price").mul(F("qty")).add(0.05)) }),
  selectRelatedDistinct: () =>
    Line.objects
      .selectRelated("order")
      .distinct()
      .annotate({ x: F("price").mul(3), n: Count("id") }),
};

const expected: Record<string, Record<string, { sql: string; params: unknown[] }>> = {
  sqlite: {
    perRowDecimal: {
      sql: 'select "ds_order"."id", "ds_order"."ref", "ds_order"."fee", (select sum(cast(round("q0xj1"."price" * 100) as integer)) from "ds_order" as "q0x" left join "ds_line" as "q0xj1" on "q0xj1"."order_id" = "q0x"."id" where "q0x"."id" = "ds_order"."id") as "total", (select (sum(cast(round("q1xj1"."price" * 100) as integer)) || \'/\' || count(cast(round("q1xj1"."price" * 100) as integer))) from "ds_order" as "q1x" left join "ds_line" as "q1xj1" on "q1xj1"."order_id" = "q1x"."id" where "q1x"."id" = "ds_order"."id") as "mean", (case when typeof((((select sum(cast(round("q0xj1"."price" * 100) as integer)) from "ds_order" as "q0x" left join "ds_line" as "q0xj1" on "q0xj1"."order_id" = "q0x"."id" where "q0x"."id" = "ds_order"."id") + cast(round("ds_order"."fee" * 10) as integer) * 10) * 2)) = \'real\' then abs(-9223372036854775807 - 1) else (((select sum(cast(round("q0xj1"."price" * 100) as integer)) from "ds_order" as "q0x" left join "ds_line" as "q0xj1" on "q0xj1"."order_id" = "q0x"."id" where "q0x"."id" = "ds_order"."id") + cast(round("ds_order"."fee" * 10) as integer) * 10) * 2) end) as "t" from "ds_order" where (select sum("q0j1"."price") from "ds_order" as "q0" left join "ds_line" as "q0j1" on "q0j1"."order_id" = "q0"."id" where "q0"."id" = "ds_order"."id") > ? order by (select avg("q1j1"."price") from "ds_order" as "q1" left join "ds_line" as "q1j1" on "q1j1"."order_id" = "q1"."id" where "q1"."id" = "ds_order"."id") desc',
      params: [1.5],
    },
    groupedDecimalExpr: {
      sql: 'select "ds_line"."qty", sum((case when typeof(((cast(round("ds_line"."price" * 100) as integer) * "ds_line"."qty") + 5)) = \'real\' then abs(-9223372036854775807 - 1) else ((cast(round("ds_line"."price" * 100) as integer) * "ds_line"."qty") + 5) end)) as "g" from "ds_line" group by "ds_line"."qty"',
      params: [],
    },
    selectRelatedDistinct: {
      sql: 'select distinct "ds_line"."id", "ds_line"."price", "ds_line"."qty", "ds_line"."order_id", "sr_order"."id" as "sr_order__id", "sr_order"."ref" as "sr_order__ref", "sr_order"."fee" as "sr_order__fee", (case when typeof((cast(round("ds_line"."price" * 100) as integer) * 3)) = \'real\' then abs(-9223372036854775807 - 1) else (cast(round("ds_line"."price" * 100) as integer) * 3) end) as "x", (select count("q1"."id") from "ds_line" as "q1" where "q1"."id" = "ds_line"."id") as "n" from "ds_line" left join "ds_order" as "sr_order" on "sr_order"."id" = "ds_line"."order_id"',
      params: [],
    },
  },
  postgres: {
    perRowDecimal: {
      sql: 'select "ds_order"."id", "ds_order"."ref", "ds_order"."fee", (select sum("q0j1"."price") from "ds_order" as "q0" left join "ds_line" as "q0j1" on "q0j1"."order_id" = "q0"."id" where "q0"."id" = "ds_order"."id") as "total", (select (cast(sum("q1xj1"."price") as text) || \'/\' || cast(count("q1xj1"."price") as text)) from "ds_order" as "q1x" left join "ds_line" as "q1xj1" on "q1xj1"."order_id" = "q1x"."id" where "q1x"."id" = "ds_order"."id") as "mean", (((select sum("q0j1"."price") from "ds_order" as "q0" left join "ds_line" as "q0j1" on "q0j1"."order_id" = "q0"."id" where "q0"."id" = "ds_order"."id") + "ds_order"."fee") * 2) as "t" from "ds_order" where (select sum("q0j1"."price") from "ds_order" as "q0" left join "ds_line" as "q0j1" on "q0j1"."order_id" = "q0"."id" where "q0"."id" = "ds_order"."id") > $1 order by (select avg("q1j1"."price") from "ds_order" as "q1" left join "ds_line" as "q1j1" on "q1j1"."order_id" = "q1"."id" where "q1"."id" = "ds_order"."id") desc',
      params: ["1.5"],
    },
    groupedDecimalExpr: {
      sql: 'select "ds_line"."qty", sum((("ds_line"."price" * "ds_line"."qty") + 0.05)) as "g" from "ds_line" group by "ds_line"."qty"',
      params: [],
    },
    selectRelatedDistinct: {
      sql: 'select distinct "ds_line"."id", "ds_line"."price", "ds_line"."qty", "ds_line"."order_id", "sr_order"."id" as "sr_order__id", "sr_order"."ref" as "sr_order__ref", "sr_order"."fee" as "sr_order__fee", ("ds_line"."price" * 3) as "x", (select count("q1"."id") from "ds_line" as "q1" where "q1"."id" = "ds_line"."id") as "n" from "ds_line" left join "ds_order" as "sr_order" on "sr_order"."id" = "ds_line"."order_id"',
      params: [],
    },
  },
  mysql: {
    perRowDecimal: {
      sql: "select `ds_order`.`id`, `ds_order`.`ref`, `ds_order`.`fee`, (select sum(`q0j1`.`price`) from `ds_order` as `q0` left join `ds_line` as `q0j1` on `q0j1`.`order_id` = `q0`.`id` where `q0`.`id` = `ds_order`.`id`) as `total`, (select concat(sum(`q1xj1`.`price`), '/', count(`q1xj1`.`price`)) from `ds_order` as `q1x` left join `ds_line` as `q1xj1` on `q1xj1`.`order_id` = `q1x`.`id` where `q1x`.`id` = `ds_order`.`id`) as `mean`, (((select sum(`q0j1`.`price`) from `ds_order` as `q0` left join `ds_line` as `q0j1` on `q0j1`.`order_id` = `q0`.`id` where `q0`.`id` = `ds_order`.`id`) + `ds_order`.`fee`) * 2) as `t` from `ds_order` where (select sum(`q0j1`.`price`) from `ds_order` as `q0` left join `ds_line` as `q0j1` on `q0j1`.`order_id` = `q0`.`id` where `q0`.`id` = `ds_order`.`id`) > ? order by (select avg(`q1j1`.`price`) from `ds_order` as `q1` left join `ds_line` as `q1j1` on `q1j1`.`order_id` = `q1`.`id` where `q1`.`id` = `ds_order`.`id`) desc",
      params: ["1.5"],
    },
    groupedDecimalExpr: {
      sql: "select `ds_line`.`qty`, sum(((`ds_line`.`price` * `ds_line`.`qty`) + 0.05)) as `g` from `ds_line` group by `ds_line`.`qty`",
      params: [],
    },
    selectRelatedDistinct: {
      sql: "select distinct `ds_line`.`id`, `ds_line`.`price`, `ds_line`.`qty`, `ds_line`.`order_id`, `sr_order`.`id` as `sr_order__id`, `sr_order`.`ref` as `sr_order__ref`, `sr_order`.`fee` as `sr_order__fee`, (`ds_line`.`price` * 3) as `x`, (select count(`q1`.`id`) from `ds_line` as `q1` where `q1`.`id` = `ds_line`.`id`) as `n` from `ds_line` left join `ds_order` as `sr_order` on `sr_order`.`id` = `ds_line`.`order_id`",
      params: [],
    },
  },
};

for (const dialect of ["sqlite", "postgres", "mysql"] as const)
  test(`decimal and combined annotate SQL (${dialect})`, () => {
    for (const [name, shape] of Object.entries(shapes))
      assert.deepEqual(shape().toSql(dialect), expected[dialect]![name], name);
  });
