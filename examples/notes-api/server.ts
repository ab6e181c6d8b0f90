/**
 * Run the notes API: `node examples/notes-api/server.ts` (PORT and HOST from the environment).
 * Set FLAGON_SECRET_KEY, or FLAGON_DEBUG=1 to use the development key.
 * @module
 */
import { createApp } from "./app.ts";

await createApp().listen();
