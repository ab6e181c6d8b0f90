/**
 * Precompressed copies for `flagon collectstatic`: `name.gz` and `name.br` beside each text
 * file (CSS, JavaScript, SVG, JSON, source maps, HTML, text, XML), kept only when smaller than
 * the file, since the static server sends them as they are to clients that accept them. A
 * variant that is no longer smaller is deleted, so a stale one is never served.
 * @module
 */
import { rm, stat, utimes, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const gz = promisify(gzip);
const br = promisify(brotliCompress);

const TEXT = /\.(css|js|mjs|map|svg|json|html?|txt|xml)$/i;

/** True for the file kinds that get precompressed copies. */
export function isCompressible(name: string): boolean {
  return TEXT.test(name);
}

async function upToDate(path: string, mtimeMs: number): Promise<boolean> {
  const s = await stat(path).catch(() => undefined);
  return s !== undefined && Math.abs(s.mtimeMs - mtimeMs) < 1;
}

/**
 * Write (or delete) the `.gz`/`.br` variants of the file at `path` (content read by `load`
 * only when a variant is out of date); each
 * variant's modification time is the file's, so an unchanged file is not compressed again.
 * @returns how many variants were written.
 */
export async function writeCompressed(
  path: string,
  load: () => Promise<Buffer>,
  mtime: Date,
  options: { force?: boolean } = {},
): Promise<number> {
  let written = 0;
  let content: Buffer | undefined;
  const variants: Array<[string, (c: Buffer) => Promise<Buffer>]> = [
    [".gz", (c: Buffer) => gz(c, { level: 9 })],
    [
      ".br",
      (c: Buffer) =>
        br(c, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_SIZE_HINT]: c.length,
          },
        }),
    ],
  ];
  for (const [suffix, compress] of variants) {
    const target = path + suffix;
    if (options.force !== true && (await upToDate(target, mtime.getTime()))) continue;
    content ??= await load();
    const packed = await compress(content);
    if (packed.length >= content.length) {
      await rm(target, { force: true });
      continue;
    }
    await writeFile(target, packed);
    await utimes(target, mtime, mtime);
    written++;
  }
  return written;
}
