/**
 * Hono 4 on @hono/node-server, routes written the way its docs show. The id is constrained to
 * digits in the route pattern and converted with Number().
 * @module
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const port = Number(process.env.PORT ?? 3000);
const app = new Hono();

app.get("/plaintext", (c) => c.text("Hello, World!"));
app.get("/json", (c) => c.json({ message: "Hello, World!" }));
app.get("/users/:id{[0-9]+}", (c) =>
  c.json({ id: Number(c.req.param("id")), fields: c.req.query("fields") ?? null }),
);

serve({ fetch: app.fetch, port, hostname: "127.0.0.1" });
