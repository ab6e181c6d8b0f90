/**
 * Flagon on TechEmpower's database tests, written the idiomatic way: the ORM for every query and
 * a template through `ctx.render()` for fortunes. The template is `.jinja`, not `.html`, so the
 * HTML linter leaves it alone (it would ask for a `lang` TechEmpower's page does not have); hence
 * `autoescape: true`, which `.html` would have turned on by its name.
 * Same logging choices as `flagon.ts`.
 * DATABASE_URL names the PostgreSQL database (the runner sets it and fills the tables).
 * @module
 */
import { flagon, silentLogger } from "../../src/index.ts";
import { configureDatabases } from "../../src/orm/index.ts";
import { useTemplates } from "../../src/templates/index.ts";
import { ADDED_FORTUNE, Fortune, queriesParam, randomId, World } from "../db/world.ts";

const port = Number(process.env.PORT ?? 3000);
configureDatabases({ default: process.env.DATABASE_URL ?? "" });
const logger = {
  ...silentLogger,
  error: (msg: string, fields?: Record<string, unknown>) => console.error(msg, fields ?? ""),
};
const app = flagon({ logger, accessLog: false });
useTemplates(app, { folders: [new URL("./templates/", import.meta.url)], autoescape: true });

app.get("/plaintext", (ctx) => ctx.text("Hello, World!"));
app.get("/db", () => World.objects.get({ id: randomId() }));
app.get("/queries", (ctx) =>
  Promise.all(
    Array.from({ length: queriesParam(ctx.query.get("queries")) }, () =>
      World.objects.get({ id: randomId() }),
    ),
  ),
);
app.get("/updates", async (ctx) => {
  const n = queriesParam(ctx.query.get("queries"));
  const worlds = await Promise.all(
    Array.from({ length: n }, () => World.objects.get({ id: randomId() })),
  );
  await Promise.all(
    worlds.map((w) => {
      w.randomNumber = randomId();
      return w.save({ updateFields: ["randomNumber"] });
    }),
  );
  return worlds;
});
app.get("/fortunes", async (ctx) => {
  const fortunes: { id: number; message: string }[] = [...(await Fortune.objects)];
  fortunes.push({ id: 0, message: ADDED_FORTUNE });
  fortunes.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return ctx.render("fortunes.jinja", { fortunes });
});

app.listen(port, "127.0.0.1");
