/**
 * Multipart/form-data for the core: a streaming, I/O-free parser that hands file parts to the
 * adapter's `UploadStore`.
 * @module
 */
export { boundaryFrom } from "./boundary.ts";
export type { MultipartLimitName } from "./errors.ts";
export { sanitizeFilename } from "./filename.ts";
export { type MultipartOptions, type MultipartResult, parseMultipart } from "./parse-multipart.ts";
