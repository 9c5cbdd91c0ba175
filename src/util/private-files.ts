import { chmodSync, closeSync, fchmodSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Files and folders that hold secrets (the SQLite database, the development JWT secret) are the
 * owner's alone: folders 700, files 600. Modes given to mkdir/open are masked by the process's
 * umask, so each one is set again exactly once created. What already exists is left as it is.
 */
export const PRIVATE_DIRECTORY_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` and its missing parents, each mode 700; an existing folder keeps its mode. */
export function ensurePrivateDirectory(dir: string): void {
  const first = mkdirSync(dir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  if (first === undefined) return;
  const top = resolve(first);
  for (let created = resolve(dir); ; created = dirname(created)) {
    chmodSync(created, PRIVATE_DIRECTORY_MODE);
    if (created === top || created === dirname(created)) break;
  }
}

/** Creates `file` empty and mode 600 unless it exists; true when this call created it. */
export function createPrivateFile(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Whether a file's mode lets its group or anyone else read or write it. */
export const sharedWithOthers = (mode: number): boolean => (mode & 0o066) !== 0;
