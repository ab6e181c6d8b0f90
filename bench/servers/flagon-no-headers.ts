/**
 * bench/servers/flagon.ts with the default security headers turned off
 * (`securityHeaders: false`). Not a configuration to deploy: it exists so that the load test and
 * the instruction counts can split Flagon's cost into its own dispatch and the three headers
 * research/security.md (N3) puts on every response, which cost Node's header code about 1.8k
 * instructions each whoever sends them.
 * @module
 */
import { flagon, silentLogger } from "../../src/index.ts";

const port = Number(process.env.PORT ?? 3000);
const logger = {
  ...silentLogger,
  error: (msg: string, fields?: Record<string, unknown>) => console.error(msg, fields ?? ""),
};
const app = flagon({ logger, accessLog: false, securityHeaders: false });

app.get("/plaintext", (ctx) => ctx.text("Hello, World!"));
app.get("/json", () => ({ message: "Hello, World!" }));
app.get("/users/:id<int>", (ctx) => ({
  id: ctx.params.id,
  fields: ctx.query.get("fields") ?? null,
}));

app.listen(port, "127.0.0.1");
