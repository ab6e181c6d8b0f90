/**
 * The two pages of the template benchmark, written once per engine, and their data. Every
 * engine gets the same data object; the templates differ only in syntax. Whitespace is kept out
 * of the templates (one line each) so the outputs can be compared byte for byte.
 * @module
 */

/** TechEmpower's fortunes, plus the one their test adds at request time. */
export const FORTUNES: ReadonlyArray<[number, string]> = [
  [1, "fortune: No such file or directory"],
  [2, "A computer scientist is someone who fixes things that aren't broken."],
  [3, "After enough decimal places, nobody gives a damn."],
  [4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"],
  [5, "A computer program does what you tell it to do, not what you want it to do."],
  [6, "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"],
  [7, "Any program that runs right the first time is probably buggy."],
  [8, "A list is only as strong as its weakest link. — Donald Knuth"],
  [9, "Feature: A bug with seniority."],
  [10, "Computers make very fast, very accurate mistakes."],
  [11, '<script>alert("This should not be displayed in a browser alert box.");</script>'],
  [12, "フレームワークのベンチマーク"],
  [0, "Additional fortune added at request time."],
];

export interface Page {
  readonly name: string;
  readonly title: string;
  readonly data: Record<string, unknown>;
  /** Jinja2 syntax: Flagon, real Jinja2 and Nunjucks read the same source. */
  readonly jinja: string;
  readonly eta: string;
}

const fortunes = FORTUNES.map(([id, message]) => ({ id, message })).sort((a, b) =>
  a.message < b.message ? -1 : a.message > b.message ? 1 : 0,
);

export const FORTUNES_PAGE: Page = {
  name: "fortunes",
  title: "TechEmpower fortunes (13 rows)",
  data: { fortunes },
  jinja:
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>" +
    "{% for f in fortunes %}<tr><td>{{ f.id }}</td><td>{{ f.message }}</td></tr>{% endfor %}" +
    "</table></body></html>",
  eta:
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>" +
    "<% for (const f of it.fortunes) { %><tr><td><%= f.id %></td><td><%= f.message %></td></tr><% } %>" +
    "</table></body></html>",
};

// Names and notes full of characters that must be escaped: & < > " '.
const users = Array.from({ length: 100 }, (_, i) => ({
  id: 1000 + i,
  name: `User <${i}> & "friends"`,
  email: `user${i}@example.com`,
  note: i % 7 === 0 ? `O'Brien's <b>bold</b> claim #${i}` : `plain note ${i}`,
  score: (i * 37) % 101,
  active: i % 3 !== 0,
  tags: i % 2 === 0 ? ["a&b", "<c>"] : ["d"],
}));

export const ROWS_PAGE: Page = {
  name: "rows",
  title: "100 rows with escaping",
  data: { title: "Users & <friends>", users },
  jinja:
    "<!DOCTYPE html><html><head><title>{{ title }}</title></head><body><h1>{{ title }}</h1><table>" +
    '{% for u in users %}<tr class="{% if loop.index % 2 %}odd{% else %}even{% endif %}">' +
    '<td>{{ loop.index }}</td><td>{{ u.id }}</td><td><a href="mailto:{{ u.email }}">{{ u.name }}</a></td>' +
    "<td>{{ u.note }}</td><td>{{ u.score }}</td><td>{% if u.active %}yes{% else %}no{% endif %}</td>" +
    "<td>{% for t in u.tags %}<span>{{ t }}</span>{% endfor %}</td></tr>{% endfor %}" +
    "</table></body></html>",
  eta:
    "<!DOCTYPE html><html><head><title><%= it.title %></title></head><body><h1><%= it.title %></h1><table>" +
    "<% it.users.forEach((u, i) => { %><tr class=\"<%= (i + 1) % 2 ? 'odd' : 'even' %>\">" +
    '<td><%= i + 1 %></td><td><%= u.id %></td><td><a href="mailto:<%= u.email %>"><%= u.name %></a></td>' +
    "<td><%= u.note %></td><td><%= u.score %></td><td><%= u.active ? 'yes' : 'no' %></td>" +
    "<td><% for (const t of u.tags) { %><span><%= t %></span><% } %></td></tr><% }) %>" +
    "</table></body></html>",
};

export const PAGES: readonly Page[] = [FORTUNES_PAGE, ROWS_PAGE];

/**
 * The documented differences between the engines' outputs: Nunjucks and Eta spell `"` as
 * `&quot;` where markupsafe (Jinja2, Flagon) writes `&#34;`, and Nunjucks escapes `\` as `&#92;`.
 * Outputs are compared after mapping those spellings to markupsafe's.
 */
export function normaliseEntities(html: string): string {
  return html.replaceAll("&quot;", "&#34;").replaceAll("&#92;", "\\");
}
