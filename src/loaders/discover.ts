/**
 * Walk the paths given on the command line and offer each input-looking file to the loaders.
 * Never follows a directory twice (symlink loops), never reads a file larger than the limit.
 * Each candidate is read once here: unreadable files and files that are not UTF-8 text become input errors
 * with a position instead of being silently skipped by every loader's content sniffing.
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { InputError } from '../engine/finding.js';
import type { CandidateFile } from './types.js';

export const BUILTIN_IGNORES = ['**/.terraform/**', '**/.git/**', '**/node_modules/**'];
const INPUT_EXTENSIONS = ['.tf', '.tf.json', '.json', '.yaml', '.yml', '.template'];

export interface DiscoverOptions {
  cwd: string;
  ignore: string[];
  maxFileSize: number;
}

export interface Discovery {
  files: CandidateFile[];
  errors: InputError[];
}

export function displayPath(cwd: string, absPath: string): string {
  const rel = relative(cwd, absPath);
  const shown = rel === '' ? '.' : rel.startsWith('..') ? absPath : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

export function isInputFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return INPUT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export function makeCandidate(cwd: string, absPath: string, size: number, explicit: boolean, preloaded?: string): CandidateFile {
  let cached: string | undefined = preloaded;
  return {
    path: displayPath(cwd, absPath),
    absPath,
    explicit,
    size,
    text(): string {
      if (cached === undefined) cached = stripBom(readFileSync(absPath, 'utf8'));
      return cached;
    },
  };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The file's text, or an input error saying why it cannot be read as UTF-8 text (with the position). */
export function readInputText(shown: string, absPath: string): { text: string } | { error: InputError } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(absPath);
  } catch (e) {
    return { error: { file: shown, message: `cannot read: ${errorCode(e)}` } };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { error: { file: shown, line: 1, column: 1, message: 'the file is UTF-16 encoded: s3lint reads UTF-8 text (re-save it as UTF-8)' } };
  }
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8Offset(bytes);
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    return { error: { file: shown, ...bytePosition(bytes, offset), message: `not valid UTF-8 (byte 0x${byte} at offset ${offset}): s3lint reads UTF-8 text` } };
  }
  // JSON, YAML and HCL all forbid a raw NUL anywhere (even inside strings); it usually means binary data.
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { error: { file: shown, ...bytePosition(bytes, nul), message: `contains a NUL byte at offset ${nul}: not a text file` } };
  }
  return { text: stripBom(bytes.toString('utf8')) };
}

/** 1-based line and UTF-16 column of a byte offset whose prefix is valid UTF-8. */
function bytePosition(bytes: Buffer, offset: number): { line: number; column: number } {
  const lineStart = offset === 0 ? 0 : bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  const column = bytes.subarray(lineStart, offset).toString('utf8').length + 1;
  return { line, column };
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

export function discover(paths: string[], options: DiscoverOptions): Discovery {
  const files: CandidateFile[] = [];
  const errors: InputError[] = [];
  const ignored = picomatch([...BUILTIN_IGNORES, ...options.ignore], { dot: true });
  const visitedDirs = new Set<string>();
  const seenFiles = new Set<string>();

  const isIgnored = (abs: string): boolean => {
    const rel = displayPath(options.cwd, abs);
    return ignored(rel) || ignored(rel + '/');
  };

  const addFile = (abs: string, stats: Stats, explicit: boolean): void => {
    const real = safeRealpath(abs) ?? abs;
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    const shown = displayPath(options.cwd, abs);
    if (stats.size > options.maxFileSize) {
      errors.push({
        file: shown,
        message: `skipped: ${stats.size} bytes is over the --max-file-size limit of ${options.maxFileSize} bytes`,
      });
      return;
    }
    const read = readInputText(shown, abs);
    if ('error' in read) {
      errors.push(read.error);
      return;
    }
    files.push(makeCandidate(options.cwd, abs, stats.size, explicit, read.text));
  };

  const walk = (dir: string): void => {
    const real = safeRealpath(dir);
    if (real === undefined || visitedDirs.has(real)) return;
    visitedDirs.add(real);
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (e) {
      errors.push({ file: displayPath(options.cwd, dir), message: `cannot read directory: ${errorCode(e)}` });
      return;
    }
    for (const name of entries) {
      const abs = join(dir, name);
      if (isIgnored(abs)) continue;
      let stats: Stats;
      try {
        stats = statSync(abs);
      } catch (e) {
        // Dangling symlinks and files that vanish are not inputs; unreadable ones are reported when read.
        if (isInputFileName(name)) errors.push({ file: displayPath(options.cwd, abs), message: `cannot read: ${errorCode(e)}` });
        continue;
      }
      if (stats.isDirectory()) walk(abs);
      else if (stats.isFile() && isInputFileName(name)) addFile(abs, stats, false);
    }
  };

  for (const p of paths) {
    const abs = resolve(options.cwd, p);
    let stats: Stats;
    try {
      stats = statSync(abs);
    } catch (e) {
      errors.push({ file: p, message: `cannot read: ${errorCode(e)}` });
      continue;
    }
    if (stats.isDirectory()) walk(abs);
    else if (stats.isFile()) addFile(abs, stats, true);
    else errors.push({ file: p, message: 'not a regular file or directory' });
  }
  return { files, errors };
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function errorCode(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file or directory';
  if (err.code === 'EACCES' || err.code === 'EPERM') return 'permission denied';
  if (err.code === 'ELOOP') return 'too many levels of symbolic links';
  return err.code ?? err.message;
}
