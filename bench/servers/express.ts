/**
 * Express 5 with its defaults (ETag, X-Powered-By), routes written the way its docs show.
 * Express 5's paths take no regex, so a non-digit id is passed on to the 404 by the handler.
 * Loaded through require with a minimal local type: the project carries no @types/express.
 * @module
 */
import { createRequire } from "node:module";

interface Req {
  params: Record<string, string>;
  query: Record<string, unknown>;
}
interface Res {
  type(t: string): Res;
  send(body: string): void;
  json(body: unknown): void;
}
interface ExpressApp {
  get(path: string, handler: (req: Req, res: Res, next: () => void) => void): void;
  listen(port: number, host: string): unknown;
}

const require = createRequire(import.meta.url);
const express = require("express") as () => ExpressApp;

const port = Number(process.env.PORT ?? 3000);
const app = express();

app.get("/plaintext", (_req, res) => {
  res.type("text/plain").send("Hello, World!");
});
app.get("/json", (_req, res) => {
  res.json({ message: "Hello, World!" });
});
app.get("/users/:id", (req, res, next) => {
  const id = req.params.id ?? "";
  if (!/^[0-9]+$/.test(id)) {
    next();
    return;
  }
  const fields = req.query.fields;
  res.json({ id: Number(id), fields: typeof fields === "string" ? fields : null });
});

app.listen(port, "127.0.0.1");
