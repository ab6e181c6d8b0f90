/**
 * Cleaning a client's file name into safe metadata (security.md 3.F F8). The result is only ever
 * shown or stored as a label: upload stores pick their own on-disk names, so nothing here has to
 * defend a file system, only the people and programs that later display the name.
 * @module
 */

/** Longest name kept, in code points: the common file-system limit, so a name can be reused. */
export const MAX_FILENAME_LENGTH = 255;

// C0 and C1 controls with NUL and DEL, plus the bidirectional overrides and isolates that can
// make "gpj.exe" display as "exe.jpg".
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The last path segment (after `/` or `\`) without control characters, trimmed and capped at
 * 255 code points; `.` and `..` become `""`.
 */
export function sanitizeFilename(raw: string): string {
  const cleaned = raw.replace(UNSAFE, "");
  const cut = Math.max(cleaned.lastIndexOf("/"), cleaned.lastIndexOf("\\"));
  let name = cleaned.slice(cut + 1).trim();
  if (name.length > MAX_FILENAME_LENGTH) {
    // Array.from splits by code point, so a cut never leaves half a surrogate pair.
    name = Array.from(name).slice(0, MAX_FILENAME_LENGTH).join("").trim();
  }
  return name === "." || name === ".." ? "" : name;
}
