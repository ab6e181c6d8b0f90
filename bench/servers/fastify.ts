/**
 * Fastify 5, logger off (its default), routes written the way its docs show. The typed id is a
 * params schema with `type: "integer"`, Fastify's own way to get a number param (Ajv coerces it;
 * a non-integer id is a 400). No response schemas: the JSON is serialised with JSON.stringify per
 * request, as in the other servers.
 * @module
 */
import Fastify from "fastify";

const port = Number(process.env.PORT ?? 3000);
const app = Fastify({ logger: false });

app.get("/plaintext", (_req, reply) => {
  reply.type("text/plain; charset=utf-8").send("Hello, World!");
});
app.get("/json", () => ({ message: "Hello, World!" }));
app.get<{ Params: { id: number }; Querystring: { fields?: string } }>(
  "/users/:id",
  {
    schema: {
      params: {
        type: "object",
        properties: { id: { type: "integer" } },
        required: ["id"],
      },
    },
  },
  (req) => ({ id: req.params.id, fields: req.query.fields ?? null }),
);

await app.listen({ port, host: "127.0.0.1" });
