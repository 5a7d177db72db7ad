/**
 * Walk the paths given on the command line and offer each input-looking file to the loaders.
 * Never follows a directory twice (symlink loops), never reads a file larger than the limit.
 */
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

export function makeCandidate(cwd: string, absPath: string, size: number, explicit: boolean): CandidateFile {
  let cached: string | undefined;
  return {
    path: displayPath(cwd, absPath),
    absPath,
    explicit,
    size,
    text(): string {
      if (cached === undefined) {
        const raw = readFileSync(absPath, 'utf8');
        cached = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      }
      return cached;
    },
  };
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
    files.push(makeCandidate(options.cwd, abs, stats.size, explicit));
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
