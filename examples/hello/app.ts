import { flagon } from "flagon";

const app = flagon();
app.get("/", () => "Hello, World!");
app.listen();
