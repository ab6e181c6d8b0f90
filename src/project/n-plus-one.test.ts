/**
 * A project in debug mode warns about a request that runs one query shape more than the
 * threshold times (the N+1 pattern), once per shape per request; outside debug mode, or with
 * `nPlusOneThreshold: false`, it says nothing. Real SQLite, real requests through the app.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Blueprint, type Logger, silentLogger } from "../core/index.ts";
import { createModel, f, model } from "../orm/index.ts";
import { TestClient } from "../testing/index.ts";
import { createProject } from "./create-project.ts";
import { defineApp } from "./define-app.ts";
import { defineSettings, type SettingsInput } from "./define-settings.ts";
import { ERR_PROJECT_SETTINGS } from "./errors.ts";

const Item = model("npo.Item", { name: f.string({ maxLength: 20 }) });

interface Warned {
  msg: string;
  fields: Record<string, unknown> | undefined;
}

function capture(): { logger: Logger; warned: Warned[] } {
  const warned: Warned[] = [];
  const logger = {
    ...silentLogger,
    warn: (msg: string, fields?: Record<string, unknown>) => {
      warned.push({ msg, fields });
    },
  };
  return { logger, warned };
}

/** A project whose `/items/:n` reads item 1 `n` times, one query each (the N+1 shape). */
async function project(extra: Partial<SettingsInput>, logger: Logger) {
  const routes = new Blueprint("npo");
  routes.get("/items/:n<int>", async (ctx) => {
    for (let i = 0; i < ctx.params.n; i++) await Item.objects.get({ id: 1 });
    return "ok";
  });
  const app = defineApp({ name: "npo", dir: import.meta.dirname, models: [Item], routes });
  const settings = defineSettings({
    baseDir: import.meta.dirname,
    secretKey: "a-test-secret-key-that-is-long-enough-1234567890",
    installedApps: [app],
    app: { logger, accessLog: false },
    ...extra,
  });
  const p = await createProject(settings, { databases: { default: "sqlite::memory:" } });
  const db = p.databases.get("default");
  await createModel(db, Item);
  await Item.objects.using(db).create({ name: "one" });
  return p;
}

describe("N+1 warnings in a project", () => {
  test("debug: one warning per request past the threshold, naming the SQL", async () => {
    const { logger, warned } = capture();
    const p = await project({ debug: true, nPlusOneThreshold: 3 }, logger);
    try {
      const client = new TestClient(p.app);
      assert.equal((await client.get("/items/3")).text, "ok");
      assert.equal(warned.length, 0, `at the threshold: no warning, got ${JSON.stringify(warned)}`);
      assert.equal((await client.get("/items/8")).text, "ok");
      assert.equal(warned.length, 1, "past it: one warning, not one per extra query");
      assert.equal(warned[0]!.fields?.code, "FLG_WARN_ORM_N_PLUS_ONE");
      assert.match(String(warned[0]!.fields?.sql), /npo_item/);
      // Counts are per request: a second request warns again.
      await client.get("/items/4");
      assert.equal(warned.length, 2);
    } finally {
      await p.close();
    }
  });

  test("the default threshold is 10", async () => {
    const { logger, warned } = capture();
    const p = await project({ debug: true }, logger);
    try {
      const client = new TestClient(p.app);
      await client.get("/items/10");
      assert.equal(warned.length, 0);
      await client.get("/items/11");
      assert.equal(warned.length, 1);
    } finally {
      await p.close();
    }
  });

  test("silent outside debug mode and when turned off", async () => {
    for (const extra of [{ debug: false }, { debug: true, nPlusOneThreshold: false as const }]) {
      const { logger, warned } = capture();
      const p = await project(extra, logger);
      try {
        await new TestClient(p.app).get("/items/30");
        assert.deepEqual(warned, []);
      } finally {
        await p.close();
      }
    }
  });

  test("a threshold that is not a whole number of at least 1 is refused", () => {
    for (const bad of [0, 2.5, "10", true]) {
      assert.throws(
        () => defineSettings({ baseDir: import.meta.dirname, nPlusOneThreshold: bad as never }),
        (e: { code?: string; message: string }) =>
          e.code === ERR_PROJECT_SETTINGS && e.message.includes("nPlusOneThreshold"),
      );
    }
  });
});
