/**
 * The polls app, as the project installs it: its models, routes, and (found in this folder by
 * convention) its migrations, templates and static files.
 * @module
 */
import { defineApp } from "flagon/project";
import { Choice, Question } from "./models.ts";
import routes from "./routes.ts";

export default defineApp({
  name: "polls",
  dir: import.meta.dirname,
  models: [Question, Choice],
  routes,
});
