/**
 * Bare node:http with raw `pg` on TechEmpower's database tests: the physical limit the ORM is
 * compared with. Hand-written HTML with the five escapes for fortunes; the same pool size as the
 * Flagon server (pg's default 10) and the same query shapes (one statement per row).
 * @module
 */
import { createServer, type ServerResponse } from "node:http";
import pg from "pg";
import { ADDED_FORTUNE, queriesParam, randomId } from "../db/world.ts";

const port = Number(process.env.PORT ?? 3000);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on("error", () => {});

const GET_WORLD = "select id, random_number from flg_bench_world where id = $1";
const SET_WORLD = "update flg_bench_world set random_number = $1 where id = $2";

interface WorldRow {
  id: number;
  randomNumber: number;
}

async function world(): Promise<WorldRow> {
  const r = await pool.query(GET_WORLD, [randomId()]);
  const row = r.rows[0];
  return { id: row.id, randomNumber: row.random_number };
}

/**
 * With FLG_BENCH_SECURITY_HEADERS=1 (servers/node-pg-headers.ts) every answer also carries the
 * headers Flagon sends by default (research/security.md, N3; COOP on HTML), so the two can be
 * compared on equal terms. Chosen once at start, so the bare server pays nothing for it.
 */
const SECURITY = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
} as const;
const COOP = { "cross-origin-opener-policy": "same-origin" } as const;

const send =
  process.env.FLG_BENCH_SECURITY_HEADERS === "1"
    ? (res: ServerResponse, type: string, body: string, status = 200): void => {
        res.writeHead(status, {
          "Content-Type": type,
          ...SECURITY,
          ...(type.startsWith("text/html") ? COOP : undefined),
          "Content-Length": Buffer.byteLength(body),
        });
        res.end(body);
      }
    : (res: ServerResponse, type: string, body: string, status = 200): void => {
        res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
        res.end(body);
      };

const ESC: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&#34;",
  "'": "&#39;",
};
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);

async function fortunes(): Promise<string> {
  const rows: { id: number; message: string }[] = (
    await pool.query("select id, message from flg_bench_fortune")
  ).rows;
  rows.push({ id: 0, message: ADDED_FORTUNE });
  rows.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  let html =
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>";
  for (const f of rows) html += `<tr><td>${f.id}</td><td>${escapeHtml(f.message)}</td></tr>`;
  return `${html}</table></body></html>`;
}

const JSON_TYPE = "application/json";

async function answer(path: string, query: string, res: ServerResponse): Promise<void> {
  const n = () => queriesParam(new URLSearchParams(query).get("queries"));
  switch (path) {
    case "/plaintext":
      return send(res, "text/plain; charset=utf-8", "Hello, World!");
    case "/db":
      return send(res, JSON_TYPE, JSON.stringify(await world()));
    case "/queries":
      return send(
        res,
        JSON_TYPE,
        JSON.stringify(await Promise.all(Array.from({ length: n() }, world))),
      );
    case "/updates": {
      const worlds = await Promise.all(Array.from({ length: n() }, world));
      await Promise.all(
        worlds.map((w) => {
          w.randomNumber = randomId();
          return pool.query(SET_WORLD, [w.randomNumber, w.id]);
        }),
      );
      return send(res, JSON_TYPE, JSON.stringify(worlds));
    }
    case "/fortunes":
      return send(res, "text/html; charset=utf-8", await fortunes());
    default:
      return send(res, "text/plain; charset=utf-8", "Not Found", 404);
  }
}

createServer((req, res) => {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  answer(path, q === -1 ? "" : url.slice(q + 1), res).catch((err: unknown) => {
    console.error(err);
    if (!res.headersSent) send(res, "text/plain; charset=utf-8", "Internal Server Error", 500);
  });
}).listen(port, "127.0.0.1");
