/**
 * Content types for static files, by extension. A small fixed table of web formats: a type we
 * do not know is served as `application/octet-stream`, which browsers download rather than
 * render (safer than guessing, together with `X-Content-Type-Options: nosniff`).
 * @module
 */

const UTF8 = "; charset=utf-8";

// Text formats carry a charset so browsers never sniff the encoding.
const TYPES = new Map<string, string>([
  ["html", "text/html" + UTF8],
  ["htm", "text/html" + UTF8],
  ["css", "text/css" + UTF8],
  ["js", "text/javascript" + UTF8],
  ["mjs", "text/javascript" + UTF8],
  ["cjs", "text/javascript" + UTF8],
  ["json", "application/json" + UTF8],
  ["map", "application/json" + UTF8],
  ["jsonld", "application/ld+json" + UTF8],
  ["webmanifest", "application/manifest+json" + UTF8],
  ["txt", "text/plain" + UTF8],
  ["csv", "text/csv" + UTF8],
  ["md", "text/markdown" + UTF8],
  ["ics", "text/calendar" + UTF8],
  ["vtt", "text/vtt" + UTF8],
  ["xml", "application/xml" + UTF8],
  ["xhtml", "application/xhtml+xml" + UTF8],
  ["rss", "application/rss+xml" + UTF8],
  ["atom", "application/atom+xml" + UTF8],
  ["svg", "image/svg+xml" + UTF8],
  ["png", "image/png"],
  ["apng", "image/apng"],
  ["jpg", "image/jpeg"],
  ["jpeg", "image/jpeg"],
  ["gif", "image/gif"],
  ["webp", "image/webp"],
  ["avif", "image/avif"],
  ["ico", "image/x-icon"],
  ["bmp", "image/bmp"],
  ["woff", "font/woff"],
  ["woff2", "font/woff2"],
  ["ttf", "font/ttf"],
  ["otf", "font/otf"],
  ["pdf", "application/pdf"],
  ["zip", "application/zip"],
  ["gz", "application/gzip"],
  ["wasm", "application/wasm"],
  ["mp4", "video/mp4"],
  ["webm", "video/webm"],
  ["ogv", "video/ogg"],
  ["mp3", "audio/mpeg"],
  ["ogg", "audio/ogg"],
  ["oga", "audio/ogg"],
  ["opus", "audio/ogg"],
  ["wav", "audio/wav"],
  ["m4a", "audio/mp4"],
  ["flac", "audio/flac"],
]);

const FALLBACK = "application/octet-stream";

/** Content type for a file name or path (`"app.min.js"`, `"/a/b/photo.JPG"`). */
export function contentTypeFor(filename: string): string {
  if (typeof filename !== "string") return FALLBACK;
  const dot = filename.lastIndexOf(".");
  // No dot, the dot belongs to a directory ("a.d/file"), or it starts a dotfile name (".env"),
  // which has no extension, as in path.extname.
  if (dot <= 0 || filename.indexOf("/", dot) !== -1 || filename.indexOf("\\", dot) !== -1)
    return FALLBACK;
  const before = filename.charCodeAt(dot - 1);
  if (before === 0x2f || before === 0x5c) return FALLBACK;
  const ext = filename.slice(dot + 1);
  return TYPES.get(ext) ?? TYPES.get(ext.toLowerCase()) ?? FALLBACK;
}
