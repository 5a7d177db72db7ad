/**
 * `--changed-since <ref>`: narrow a scan to what a pull request touched. Terraform is scanned per module
 * directory (a changed .tf file selects its directory, and every directory whose module blocks call a
 * selected directory through a local `source = "./..."`, transitively); templates and snapshots per file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { LOADERS } from '../loaders/index.js';
import type { CandidateFile } from '../loaders/types.js';
import { ConfigError } from './config.js';

export interface ChangedSelection {
  /** Paths to scan (relative to cwd): Terraform .tf files of selected directories, and changed files. */
  paths: string[];
  /** What was selected and skipped, for stderr. */
  notes: string[];
}

const TF = /\.tf(\.json)?$/;
const OTHER = /\.(ya?ml|json|template)$/i;
const SKIP_DIRS = new Set(['.git', '.terraform', 'node_modules', 'cdk.out', '.serverless']);
const LOCAL_SOURCE = /^\s*source\s*=\s*"(\.{1,2}\/[^"]*)"/gm;

function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0] ?? '';
    throw new ConfigError(`--changed-since: git ${args[0]} failed: ${stderr || (e as Error).message}`);
  }
}

/** Absolute paths of files changed since `ref` (committed, staged, unstaged and untracked). */
export function changedFiles(ref: string, cwd: string): Set<string> {
  const top = git(['rev-parse', '--show-toplevel'], cwd).trim();
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd);
  } catch {
    throw new ConfigError(`--changed-since: "${ref}" is not a commit in ${top} (fetch it first, e.g. git fetch origin main --depth=1)`);
  }
  const listed = [
    ...git(['diff', '--name-only', '--no-renames', ref, '--'], cwd).split('\n'),
    ...git(['ls-files', '--others', '--exclude-standard'], top).split('\n'),
  ];
  return new Set(listed.filter(Boolean).map((p) => resolve(top, p)));
}

function walk(root: string, out: string[]): void {
  let stats;
  try {
    stats = statSync(root);
  } catch {
    return;
  }
  if (stats.isFile()) {
    out.push(root);
    return;
  }
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(join(root, entry.name), out);
    } else if (entry.isFile()) out.push(join(root, entry.name));
  }
}

function display(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

export function selectChanged(roots: string[], changed: Set<string>, cwd: string): { tfDirs: string[]; callers: string[]; files: string[]; skippedDirs: string[]; skippedFiles: string[] } {
  const all: string[] = [];
  for (const r of roots) walk(resolve(cwd, r), all);
  const tfByDir = new Map<string, string[]>();
  const others: string[] = [];
  for (const f of all) {
    if (TF.test(f)) tfByDir.set(dirname(f), [...(tfByDir.get(dirname(f)) ?? []), f]);
    else if (OTHER.test(f)) others.push(f);
  }
  const touched = new Set([...tfByDir.keys()].filter((d) => tfByDir.get(d)!.some((f) => changed.has(f)) || [...changed].some((c) => dirname(c) === d && /\.tfvars(\.json)?$/.test(c))));
  // Module directories called by each directory, through local sources.
  const calls = new Map<string, Set<string>>();
  for (const [dir, files] of tfByDir) {
    const targets = new Set<string>();
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(LOCAL_SOURCE)) targets.add(resolve(dir, m[1]!));
    }
    calls.set(dir, targets);
  }
  const selected = new Set(touched);
  const callers = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const [dir, targets] of calls) {
      if (selected.has(dir)) continue;
      if ([...targets].some((t) => selected.has(t))) {
        selected.add(dir);
        callers.add(dir);
        grew = true;
      }
    }
  }
  const files = others.filter((f) => changed.has(f));
  return {
    tfDirs: [...touched].sort(),
    callers: [...callers].sort(),
    files: files.sort(),
    skippedDirs: [...tfByDir.keys()].filter((d) => !selected.has(d)).sort(),
    skippedFiles: others.filter((f) => !changed.has(f)).sort(),
  };
}

function sample(list: string[], cwd: string): string {
  const shown = list.slice(0, 10).map((p) => display(cwd, p));
  return shown.join(', ') + (list.length > 10 ? `, … (${list.length - 10} more)` : '');
}

export function changedScanPaths(roots: string[], ref: string, cwd: string): ChangedSelection {
  const base = roots.length > 0 ? roots : ['.'];
  for (const r of base) if (!existsSync(resolve(cwd, r))) throw new ConfigError(`--changed-since: ${r}: no such file or directory`);
  const first = resolve(cwd, base[0]!);
  const gitDir = statSync(first).isDirectory() ? first : dirname(first);
  const sel = selectChanged(base, changedFiles(ref, gitDir), cwd);
  const dirs = [...sel.tfDirs, ...sel.callers];
  const paths = [...dirs.flatMap((d) => readdirSync(d).filter((n) => TF.test(n)).map((n) => display(cwd, join(d, n)))), ...sel.files.map((f) => display(cwd, f))];
  const notes = [
    `--changed-since ${ref}: scanning ${sel.tfDirs.length} changed Terraform director${sel.tfDirs.length === 1 ? 'y' : 'ies'}` +
      (sel.callers.length > 0 ? ` (+${sel.callers.length} calling module${sel.callers.length === 1 ? '' : 's'}: ${sample(sel.callers, cwd)})` : '') +
      ` and ${sel.files.length} changed template/snapshot file${sel.files.length === 1 ? '' : 's'}`,
  ];
  if (sel.skippedDirs.length > 0) notes.push(`--changed-since ${ref}: skipped ${sel.skippedDirs.length} unchanged Terraform director${sel.skippedDirs.length === 1 ? 'y' : 'ies'}: ${sample(sel.skippedDirs, cwd)}`);
  if (sel.skippedFiles.length > 0) notes.push(`--changed-since ${ref}: skipped ${sel.skippedFiles.length} unchanged YAML/JSON file${sel.skippedFiles.length === 1 ? '' : 's'}: ${sample(sel.skippedFiles, cwd)}`);
  if (paths.length === 0) notes.push(`--changed-since ${ref}: nothing to scan`);
  return { paths, notes };
}

/**
 * `--pre-commit`: the paths are the staged files pre-commit passes. A Terraform file selects every
 * Terraform file of its directory (a module is evaluated whole); any other file is scanned only when a
 * loader recognises it by content (templates, plans, snapshots), so package.json and friends are skipped.
 */
export function preCommitScanPaths(files: string[], cwd: string): ChangedSelection {
  const dirs = new Set<string>();
  const others: string[] = [];
  let skipped = 0;
  for (const f of files) {
    const abs = resolve(cwd, f);
    if (!existsSync(abs)) continue; // deleted in this commit
    if (statSync(abs).isDirectory()) others.push(display(cwd, abs));
    else if (TF.test(abs)) dirs.add(dirname(abs));
    else if (recognised(abs, cwd)) others.push(display(cwd, abs));
    else skipped++;
  }
  const paths = [...[...dirs].sort().flatMap((d) => readdirSync(d).filter((n) => TF.test(n)).sort().map((n) => display(cwd, join(d, n)))), ...others];
  const notes = skipped > 0 ? [`--pre-commit: skipped ${skipped} staged file${skipped === 1 ? '' : 's'} that ${skipped === 1 ? 'is' : 'are'} not Terraform, CloudFormation, a plan or a snapshot`] : [];
  return { paths, notes };
}

function recognised(abs: string, cwd: string): boolean {
  let size: number;
  try {
    size = statSync(abs).size;
  } catch {
    return false;
  }
  let cached: string | undefined;
  const file: CandidateFile = {
    path: display(cwd, abs),
    absPath: abs,
    explicit: false,
    size,
    text: () => (cached ??= readFileSync(abs, 'utf8').replace(/^\uFEFF/, '')),
  };
  return LOADERS.some((l) => {
    try {
      return l.claims(file);
    } catch {
      return false;
    }
  });
}
