/**
 * The project's own routes, mounted after the apps' routes: the site root leads to the polls.
 * @module
 */
import { Blueprint } from "flagon";

const routes = new Blueprint("site");

routes.get("/", (ctx) => ctx.redirect(ctx.url("polls.index")), "home");

export default routes;
