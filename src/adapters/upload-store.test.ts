import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import {
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, describe, it } from "node:test";
import {
  FlagonRequest,
  HttpError,
  type RawRequest,
  resolveOptions,
  silentLogger,
} from "../core/index.ts";
import { TempDirUploadStore, uploadDir } from "./upload-store.ts";

const root = await mkdtemp(join(tmpdir(), "flagon-upload-test-"));
after(() => rm(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `uploads-${++dirs}`);

async function* from(...chunks: Array<string | Buffer>): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield typeof c === "string" ? Buffer.from(c) : c;
}

const META = { field: "doc", filename: "../../etc/passwd", contentType: "text/plain" };
const tooLarge = () => new Error("too large");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("TempDirUploadStore", () => {
  it("defaults to flagon-uploads under the OS temp directory", () => {
    assert.equal(uploadDir(), join(tmpdir(), "flagon-uploads"));
    assert.equal(new TempDirUploadStore().dir, uploadDir());
  });

  it("writes the chunks to a UUID-named 0o600 file in a 0o700 directory it creates", async () => {
    const dir = freshDir();
    const store = new TempDirUploadStore({ dir });
    const saved = await store.save(META, from("hello ", "world"), 100, tooLarge);
    assert.deepEqual({ ...saved, path: "" }, { ...META, path: "", size: 11 });
    assert.equal(saved.path, join(dir, basename(saved.path)));
    assert.match(basename(saved.path), UUID);
    assert.equal(await readFile(saved.path, "utf8"), "hello world");
    assert.equal((await stat(saved.path)).mode & 0o777, 0o600);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
  });

  it("keeps every byte of a multi-megabyte upload written in many chunks", async () => {
    const store = new TempDirUploadStore({ dir: freshDir() });
    const data = randomBytes(8 * 1024 * 1024 + 3);
    const chunks = Array.from({ length: Math.ceil(data.length / 16384) }, (_, i) =>
      data.subarray(i * 16384, (i + 1) * 16384),
    );
    const saved = await store.save(META, from(...chunks), data.length, tooLarge);
    assert.ok((await readFile(saved.path)).equals(data));
  });

  it("throws tooLarge() beyond maxBytes and removes the partial file", async () => {
    const dir = freshDir();
    const store = new TempDirUploadStore({ dir });
    const err = new Error("413");
    await assert.rejects(
      store.save(META, from("12345", "67890", "X"), 10, () => err),
      err,
    );
    assert.deepEqual(await readdir(dir), []);
  });

  it("rethrows the error of an aborted chunk stream and removes the partial file", async () => {
    const dir = freshDir();
    const store = new TempDirUploadStore({ dir });
    const aborted = new Error("aborted");
    async function* failing() {
      yield Buffer.alloc(100_000, 1);
      throw aborted;
    }
    await assert.rejects(store.save(META, failing(), 1e9, tooLarge), aborted);
    assert.deepEqual(await readdir(dir), []);
  });

  it("closes the file descriptor of every failed save (F10)", {
    skip: !existsSync("/proc/self/fd") && "needs /proc",
  }, async () => {
    const dir = freshDir();
    const store = new TempDirUploadStore({ dir });
    await store.save(META, from("warm-up"), 100, tooLarge);
    const before = (await readdir("/proc/self/fd")).length;
    for (let i = 0; i < 20; i++) {
      await assert.rejects(store.save(META, from("12345", "67890"), 6, tooLarge));
    }
    const afterFds = (await readdir("/proc/self/fd")).length;
    assert.ok(afterFds <= before + 2, `${afterFds - before} descriptors left open`);
  });

  it("cleanup removes every file it wrote, skips moved ones and can run twice", async () => {
    const dir = freshDir();
    const store = new TempDirUploadStore({ dir });
    const a = await store.save(META, from("a"), 10, tooLarge);
    const b = await store.save(META, from("b"), 10, tooLarge);
    await rm(b.path); // the app moved or deleted it
    await writeFile(join(dir, "someone-elses.txt"), "keep");
    await store.cleanup();
    await store.cleanup();
    assert.deepEqual(await readdir(dir), ["someone-elses.txt"]);
    assert.equal(a.path.startsWith(dir), true);
  });

  it("cleanup waits for a save still running, so its file cannot be left behind", async () => {
    const dir = freshDir();
    const store = new TempDirUploadStore({ dir });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slow() {
      yield Buffer.from("first");
      await gate;
      yield Buffer.from("second");
    }
    const saving = store.save(META, slow(), 100, tooLarge);
    const cleaning = store.cleanup();
    setTimeout(release, 20);
    await Promise.all([saving, cleaning]);
    assert.deepEqual(await readdir(dir), []);
  });

  it("recreates its directory when a tmp cleaner removed it after the first upload", async () => {
    const dir = freshDir();
    const store = new TempDirUploadStore({ dir });
    await store.save(META, from("a"), 10, tooLarge);
    await rm(dir, { recursive: true });
    const saved = await store.save(META, from("b"), 10, tooLarge);
    assert.equal(await readFile(saved.path, "utf8"), "b");
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
  });

  it("tightens an existing directory that others can read to 0o700", async () => {
    const dir = freshDir();
    await mkdir(dir, { mode: 0o777 });
    await chmod(dir, 0o777);
    await new TempDirUploadStore({ dir }).save(META, from("x"), 10, tooLarge);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
  });

  it("refuses an upload path that is a symlink or a file", async () => {
    const target = freshDir();
    await mkdir(target);
    const link = freshDir();
    await symlink(target, link);
    await assert.rejects(
      new TempDirUploadStore({ dir: link }).save(META, from("x"), 10, tooLarge),
      /not a directory/,
    );
    const plain = freshDir();
    await writeFile(plain, "");
    await assert.rejects(
      new TempDirUploadStore({ dir: plain }).save(META, from("x"), 10, tooLarge),
    );
  });

  it("refuses a directory that belongs to another user", {
    skip: process.getuid?.() !== 0 && "needs root to chown",
  }, async () => {
    const dir = freshDir();
    await mkdir(dir, { mode: 0o700 });
    await chown(dir, 1, 1);
    await assert.rejects(
      new TempDirUploadStore({ dir }).save(META, from("x"), 10, tooLarge),
      /another user/,
    );
  });
});

// The real path: FlagonRequest.form() -> parseMultipart -> TempDirUploadStore on disk.
describe("multipart uploads stored on disk", () => {
  const B = "----FormBoundary";
  const options = resolveOptions({ logger: silentLogger });

  function request(
    store: TempDirUploadStore,
    body: () => AsyncIterable<Uint8Array>,
  ): FlagonRequest {
    const raw: RawRequest = {
      method: "POST",
      url: "/upload",
      headers: { "content-type": `multipart/form-data; boundary=${B}`, host: "localhost" },
      remoteAddress: "127.0.0.1",
      encrypted: false,
      body,
      uploads: () => store,
    };
    return new FlagonRequest(raw, "/upload", "", "localhost", options);
  }

  const filePart = (name: string, filename: string) =>
    `--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;

  it("stores files with their exact content and cleanup leaves the directory without them", async () => {
    const dir = freshDir();
    const store = new TempDirUploadStore({ dir });
    const data = randomBytes(300_000);
    const body = Buffer.concat([
      Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="title"\r\n\r\nHoliday\r\n`),
      Buffer.from(filePart("photo", "C:\\pics\\beach.jpg")),
      data,
      Buffer.from(`\r\n${filePart("photo", "notes.txt")}some notes\r\n--${B}--\r\n`),
    ]);
    const form = await request(store, () =>
      from(...Array.from({ length: 40 }, (_, i) => body.subarray(i * 8000, (i + 1) * 8000))),
    ).form();
    assert.equal(form.get("title"), "Holiday");
    const [photo, notes] = form.files("photo");
    assert.equal(photo?.filename, "beach.jpg");
    assert.ok((await readFile(photo!.path)).equals(data));
    assert.equal(await readFile(notes!.path, "utf8"), "some notes");
    assert.equal((await readdir(dir)).length, 2);
    await store.cleanup();
    assert.deepEqual(await readdir(dir), []);
  });

  it("answers 413 to a file of 10 MiB + 1 byte and leaves no file on disk", async () => {
    const dir = freshDir();
    const store = new TempDirUploadStore({ dir });
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x61);
    const body = () =>
      from(filePart("f", "big.bin"), big.subarray(0, 5e6), big.subarray(5e6), `\r\n--${B}--\r\n`);
    await assert.rejects(
      request(store, body).form(),
      (err) => err instanceof HttpError && err.status === 413,
    );
    assert.deepEqual(await readdir(dir), []);
  });

  it("rejects a stream aborted mid-file and leaves no file on disk", async () => {
    const dir = freshDir();
    const store = new TempDirUploadStore({ dir });
    async function* aborted() {
      yield Buffer.from(filePart("f", "half.bin"));
      yield Buffer.alloc(1_000_000, 0x62);
      throw Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    }
    await assert.rejects(
      request(store, aborted).form(),
      (err) => err instanceof HttpError && err.status === 400,
    );
    assert.deepEqual(await readdir(dir), []);
  });
});
