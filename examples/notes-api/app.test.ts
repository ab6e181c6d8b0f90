import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { silentLogger } from "flagon";
import { TestClient } from "flagon/testing";
import { createApp, type NotesConfig } from "./app.ts";
import { type Note, NoteStore } from "./store.ts";

const SECRET = "notes-api-test-secret-0123456789abcdefghijklmnop";

function client(config: NotesConfig = {}): TestClient {
  return new TestClient(
    createApp({ secretKey: SECRET, accessLog: false, logger: silentLogger, ...config }),
  );
}

interface ErrorBody {
  error: { status: number; code: string; message: string; requestId: string };
}

async function create(c: TestClient, input: Record<string, unknown>): Promise<Note> {
  const res = await c.post("/api/notes", { json: input });
  assert.equal(res.status, 201, res.text);
  return res.json<Note>();
}

describe("notes CRUD", () => {
  test("create answers 201 with the note and a Location built by reverse routing", async () => {
    const c = client();
    const res = await c.post("/api/notes", {
      json: { title: "  First  ", body: "hello", tags: ["a", "b", "a"] },
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get("location"), "/api/notes/1");
    const note = res.json<Note>();
    assert.equal(note.id, 1);
    assert.equal(note.title, "First", "the title is trimmed");
    assert.deepEqual(note.tags, ["a", "b"], "duplicate tags are dropped");
    assert.equal(note.body, "hello");
    const again = await c.get(res.headers.get("location")!);
    assert.deepEqual(again.json(), note);
  });

  test("defaults for body and tags; ids are not reused after a delete", async () => {
    const c = client();
    const first = await create(c, { title: "one" });
    assert.equal(first.body, "");
    assert.deepEqual(first.tags, []);
    await c.delete(`/api/notes/${first.id}`);
    assert.equal((await create(c, { title: "two" })).id, 2);
  });

  test("list returns every note, or those with all the tags asked for", async () => {
    const c = client();
    await create(c, { title: "a", tags: ["work", "urgent"] });
    await create(c, { title: "b", tags: ["work"] });
    await create(c, { title: "c", tags: ["home"] });
    const titles = async (query?: Record<string, string[]>) =>
      (await c.get("/api/notes", { query })).json<{ notes: Note[] }>().notes.map((n) => n.title);
    assert.deepEqual(await titles(), ["a", "b", "c"]);
    assert.deepEqual(await titles({ tag: ["work"] }), ["a", "b"]);
    assert.deepEqual(await titles({ tag: ["work", "urgent"] }), ["a"]);
    assert.deepEqual(await titles({ tag: ["nope"] }), []);
  });

  test("PATCH changes the fields sent; PUT replaces the note", async () => {
    const c = client();
    const note = await create(c, { title: "draft", body: "text", tags: ["x"] });
    const patched = await c.patch(`/api/notes/${note.id}`, { json: { body: "new text" } });
    assert.equal(patched.status, 200);
    assert.deepEqual(
      { ...patched.json<Note>(), updatedAt: "" },
      { ...note, body: "new text", updatedAt: "" },
    );
    const put = await c.put(`/api/notes/${note.id}`, { json: { title: "final" } });
    assert.equal(put.status, 200);
    const replaced = put.json<Note>();
    assert.equal(replaced.title, "final");
    assert.equal(replaced.body, "", "PUT resets what it was not sent");
    assert.deepEqual(replaced.tags, []);
    assert.equal(replaced.createdAt, note.createdAt);
  });

  test("DELETE answers 204, then the note is gone", async () => {
    const c = client();
    const note = await create(c, { title: "bye" });
    const res = await c.delete(`/api/notes/${note.id}`);
    assert.equal(res.status, 204);
    assert.equal(res.text, "");
    assert.equal((await c.get(`/api/notes/${note.id}`)).status, 404);
    assert.equal((await c.delete(`/api/notes/${note.id}`)).status, 404);
  });
});

describe("notes errors", () => {
  test("an unknown id is a JSON 404 carrying the request id", async () => {
    const c = client();
    for (const [method, options] of [
      ["GET", {}],
      ["PATCH", { json: { title: "x" } }],
      ["PUT", { json: { title: "x" } }],
      ["DELETE", {}],
    ] as const) {
      const res = await c.request(method, "/api/notes/99", options);
      assert.equal(res.status, 404, method);
      const body = res.json<ErrorBody>();
      assert.equal(body.error.code, "NOTE_NOT_FOUND");
      assert.equal(body.error.message, "No note with id 99");
      assert.equal(body.error.requestId, res.headers.get("x-request-id"));
    }
  });

  test("a non-integer id, an unknown URL and a wrong method get the same JSON error shape", async () => {
    const c = client();
    const word = await c.get("/api/notes/abc");
    assert.equal(word.status, 404);
    assert.equal(word.json<ErrorBody>().error.code, "FLG_ERR_NOT_FOUND");
    assert.equal((await c.get("/nowhere")).json<ErrorBody>().error.status, 404);
    const wrong = await c.post("/api/notes/1", { json: {} });
    assert.equal(wrong.status, 405);
    assert.match(wrong.headers.get("allow") ?? "", /PATCH/);
    assert.equal(wrong.json<ErrorBody>().error.code, "FLG_ERR_METHOD_NOT_ALLOWED");
  });

  test("invalid bodies are 400s that say what is wrong", async () => {
    const c = client();
    const cases: Array<[unknown, RegExp]> = [
      [[1, 2], /must be a JSON object/],
      ["just a string", /must be a JSON object/],
      [{}, /title is required/],
      [{ title: "   " }, /title must not be empty/],
      [{ title: 5 }, /title must be a string/],
      [{ title: "x".repeat(201) }, /title must be at most 200 characters/],
      [{ title: "t", body: ["no"] }, /body must be a string/],
      [{ title: "t", tags: "work" }, /tags must be an array/],
      [{ title: "t", tags: ["ok", 3] }, /tags\[1\] must be a non-empty string/],
      [{ title: "t", tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, /at most 10 entries/],
      [{ title: "t", owner: "me" }, /Unknown field\(s\): owner/],
    ];
    for (const [input, message] of cases) {
      const res = await c.post("/api/notes", { json: input });
      assert.equal(res.status, 400, JSON.stringify(input));
      assert.match(res.json<ErrorBody>().error.message, message);
    }
    const note = await create(c, { title: "t" });
    const empty = await c.patch(`/api/notes/${note.id}`, { json: {} });
    assert.equal(empty.status, 400);
    assert.match(empty.json<ErrorBody>().error.message, /at least one of/);
    assert.equal(
      (await c.get("/api/notes")).json<{ notes: Note[] }>().notes.length,
      1,
      "nothing bad was stored",
    );
  });

  test("malformed JSON is a 400 and a text/plain body a 415", async () => {
    const c = client();
    const broken = await c.post("/api/notes", {
      body: '{"title": ',
      headers: { "content-type": "application/json" },
    });
    assert.equal(broken.status, 400);
    assert.equal(broken.json<ErrorBody>().error.status, 400);
    const plain = await c.post("/api/notes", { body: '{"title": "sneaky"}' });
    assert.equal(plain.status, 415);
    assert.equal(plain.json<ErrorBody>().error.code, "FLG_ERR_UNSUPPORTED_MEDIA_TYPE");
    const form = await c.post("/api/notes", { form: { title: "form" } });
    assert.equal(form.status, 415);
  });

  test("a bug is a 500 with the request id and no details", async () => {
    class BrokenStore extends NoteStore {
      override list(): Note[] {
        throw new Error("database on fire at /secret/path");
      }
    }
    const c = client({ store: new BrokenStore() });
    const res = await c.get("/api/notes");
    assert.equal(res.status, 500);
    const body = res.json<ErrorBody>();
    assert.equal(body.error.code, "INTERNAL");
    assert.equal(body.error.requestId, res.headers.get("x-request-id"));
    assert.doesNotMatch(res.text, /fire|secret/);
  });
});

describe("request ids", () => {
  test("every response has one; a well-formed incoming id is kept, anything else replaced", async () => {
    const c = client();
    const a = (await c.get("/api/notes")).headers.get("x-request-id");
    const b = (await c.get("/api/notes")).headers.get("x-request-id");
    assert.match(a ?? "", /^[0-9a-f-]{36}$/);
    assert.notEqual(a, b);
    const kept = await c.get("/api/notes", { headers: { "x-request-id": "edge-1234abcd" } });
    assert.equal(kept.headers.get("x-request-id"), "edge-1234abcd");
    const evil = await c.get("/api/notes", { headers: { "x-request-id": "x\tinjected log line" } });
    assert.notEqual(evil.headers.get("x-request-id"), "x\tinjected log line");
  });
});

describe("the session feature: /api/me", () => {
  test("reading notes is remembered across requests in the session cookie", async () => {
    const c = client();
    const one = await create(c, { title: "one" });
    const two = await create(c, { title: "two" });
    assert.deepEqual((await c.get("/api/me")).json(), { lastViewed: null, views: 0 });
    await c.get(`/api/notes/${one.id}`);
    await c.get(`/api/notes/${two.id}`);
    assert.deepEqual((await c.get("/api/me")).json(), { lastViewed: two, views: 2 });
    assert.deepEqual({ ...(await c.session()) }, { lastViewed: two.id, views: 2 });
    const other = new TestClient(c.app);
    assert.deepEqual(
      (await other.get("/api/me")).json(),
      { lastViewed: null, views: 0 },
      "another visitor has their own",
    );
  });

  test("a deleted note is no longer shown; DELETE /api/me forgets the history", async () => {
    const c = client();
    const note = await create(c, { title: "short-lived" });
    await c.get(`/api/notes/${note.id}`);
    await c.delete(`/api/notes/${note.id}`);
    assert.deepEqual((await c.get("/api/me")).json(), { lastViewed: null, views: 1 });
    const forget = await c.delete("/api/me");
    assert.equal(forget.status, 204);
    assert.equal(forget.cookies.session?.maxAge, 0, "the emptied session's cookie is deleted");
    assert.equal(c.cookies.get("session"), undefined);
    assert.deepEqual((await c.get("/api/me")).json(), { lastViewed: null, views: 0 });
  });

  test("a test can set the session directly", async () => {
    const c = client();
    const note = await create(c, { title: "planted" });
    await c.withSession((s) => {
      s.set("lastViewed", note.id);
      s.set("views", 41);
    });
    assert.deepEqual((await c.get("/api/me")).json(), { lastViewed: note, views: 41 });
    await c.get(`/api/notes/${note.id}`);
    assert.equal((await c.session()).views, 42);
  });
});

describe("configuration", () => {
  test("without a secret key the app refuses to start, unless in debug mode", async () => {
    const saved = process.env.FLAGON_SECRET_KEY;
    delete process.env.FLAGON_SECRET_KEY;
    try {
      const prod = createApp({ debug: false, accessLog: false, logger: silentLogger });
      await assert.rejects(prod.startup(), { code: "FLG_ERR_SESSION_NO_SECRET" });
      const dev = createApp({ debug: true, accessLog: false, logger: silentLogger });
      await dev.startup();
      const c = new TestClient(dev);
      await c.post("/api/notes", { json: { title: "dev" } });
      await c.get("/api/notes/1");
      assert.equal((await c.session()).views, 1);
    } finally {
      if (saved !== undefined) process.env.FLAGON_SECRET_KEY = saved;
    }
  });
});
