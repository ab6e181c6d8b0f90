/**
 * Whether a path is a file or a folder, false for anything missing or unreadable: the project's
 * look-ups (settings file, fixtures, configured folders) ask only this.
 * @module
 */
import { statSync } from "node:fs";

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
