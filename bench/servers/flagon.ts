/**
 * Flagon, configured the way its docs show, minus logging: the silent logger and no access log,
 * since printing lines is not what is being compared. Errors alone still go to stderr, so a server
 * that cannot start says why (nothing is written while it answers correctly). Everything else is
 * the default (host allow-list, security headers, limits).
 * @module
 */
import { flagon, silentLogger } from "../../src/index.ts";

const port = Number(process.env.PORT ?? 3000);
const logger = {
  ...silentLogger,
  error: (msg: string, fields?: Record<string, unknown>) => console.error(msg, fields ?? ""),
};
const app = flagon({ logger, accessLog: false });

app.get("/plaintext", (ctx) => ctx.text("Hello, World!"));
app.get("/json", () => ({ message: "Hello, World!" }));
app.get("/users/:id<int>", (ctx) => ({
  id: ctx.params.id,
  fields: ctx.query.get("fields") ?? null,
}));

app.listen(port, "127.0.0.1");
