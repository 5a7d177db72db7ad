/**
 * The hostile-input harness: temp trees with one hostile file beside a known-good fixture, scans run in a
 * worker thread with a time budget and a heap ceiling, and the invariants every case must satisfy.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FIXTURES_DIR, REPO_ROOT, type ExpectedFinding } from '../support/fixtures.js';

export interface ScanError {
  file: string;
  line?: number;
  column?: number;
  message: string;
  level?: 'error' | 'warning' | 'note';
}

export interface ScanFinding {
  ruleId: string;
  kind: string;
  file?: string;
  line?: number;
}

export type ScanOutcome =
  | { status: 'ok'; ms: number; errors: ScanError[]; files: string[]; findings: ScanFinding[]; polluted: boolean }
  | { status: 'crash'; ms: number; crash: string }
  | { status: 'hang'; ms: number };

const WORKER = join(REPO_ROOT, 'test', 'robustness', 'scan-worker.mjs');

/**
 * One worker thread, one scan at a time. A scan that overruns its budget is a hang: the worker is terminated
 * (which stops even a synchronous loop) and a fresh one serves the next case.
 */
export class IsolatedScanner {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private nextId = 1;

  constructor(private readonly heapLimitMb = 1024) {}

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const worker = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: this.heapLimitMb } });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: { ready?: boolean }): void => {
        if (m.ready) {
          worker.off('message', onMessage);
          resolve();
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return this.ready;
  }

  async scan(paths: string[], cwd: string, budgetMs: number, load: Record<string, unknown> = {}): Promise<ScanOutcome> {
    await this.start();
    const worker = this.worker!;
    const id = this.nextId++;
    const started = performance.now();
    return new Promise<ScanOutcome>((resolve) => {
      const finish = (outcome: ScanOutcome, restart: boolean): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (restart) {
          void worker.terminate();
          this.worker = undefined;
          this.ready = undefined;
        }
        resolve(outcome);
      };
      const onMessage = (m: ScanOutcome & { id?: number }): void => {
        if (m.id === id) finish(m, false);
      };
      const onError = (e: Error): void => finish({ status: 'crash', ms: performance.now() - started, crash: String(e.stack ?? e) }, true);
      const onExit = (code: number): void => finish({ status: 'crash', ms: performance.now() - started, crash: `worker exited with code ${code}` }, true);
      const timer = setTimeout(() => finish({ status: 'hang', ms: performance.now() - started }, true), budgetMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, paths, cwd, load });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (w) await w.terminate();
  }
}

/** Deterministic PRNG (mulberry32): the same seed gives the same mutations on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fixture case used as the known-good neighbour of a hostile file, with the findings it must still yield. */
export interface Companion {
  caseDir: string;
  expected: ExpectedFinding[];
}

export function companion(caseRelDir: string): Companion {
  const caseDir = join(FIXTURES_DIR, caseRelDir);
  const expected = JSON.parse(readFileSync(join(caseDir, 'expected.json'), 'utf8')) as ExpectedFinding[];
  if (expected.length === 0) throw new Error(`companion ${caseRelDir} must have expected findings`);
  return { caseDir, expected };
}

export function fixtureBytes(relPath: string): Buffer {
  return readFileSync(join(FIXTURES_DIR, relPath));
}

/**
 * A temp tree: `good/` is a copy of the companion case (a separate directory, so a Terraform companion is its
 * own module), `hostile/<name>` holds the hostile content. Returns the tree root.
 */
export function makeTree(comp: Companion, hostileName: string, hostile: Buffer | string | ((dir: string) => void)): string {
  const root = mkdtempSync(join(tmpdir(), 's3lint-robust-'));
  const good = join(root, 'good');
  mkdirSync(good);
  for (const name of readdirSync(comp.caseDir)) {
    if (name !== 'expected.json') cpSync(join(comp.caseDir, name), join(good, name), { recursive: true });
  }
  const hostileDir = join(root, 'hostile');
  mkdirSync(hostileDir);
  if (typeof hostile === 'function') hostile(hostileDir);
  else {
    mkdirSync(dirname(join(hostileDir, hostileName)), { recursive: true });
    writeFileSync(join(hostileDir, hostileName), hostile);
  }
  return root;
}

export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** Messages that mean a loader bug was caught by a safety net: never acceptable, even if nothing crashed. */
const INTERNAL = /internal error|Maximum call stack|RangeError|TypeError|Cannot read propert/i;

/** Errors where no position exists: the file as a whole is unreadable, oversized or not an input at all. */
const NO_POSITION = /not a recognised input|cannot read|cannot be read|skipped:|not a regular file/;

export interface CaseExpectation {
  /** Display path of the hostile file (relative to the tree root). */
  hostile: string;
  /** The hostile file must end up as an input error (exit 2), not as a valid parse. */
  mustFail?: boolean;
  /** Errors about the hostile file must carry a line (when the failure has a position). */
  needsPosition?: boolean;
  /** The hostile file must be scanned without any input error (e.g. a BOM or CRLF variant of a valid file). */
  mustParse?: boolean;
  /** Text the hostile file's error message must contain. */
  messageMatches?: RegExp;
}

/**
 * The invariants of every case. Returns the problems (empty when the case is fine), so that a mutation
 * sweep can report every failing mutation at once instead of stopping at the first.
 */
export function violations(outcome: ScanOutcome, comp: Companion, exp: CaseExpectation): string[] {
  if (outcome.status === 'hang') return [`hang: no result within the time budget (${Math.round(outcome.ms)} ms)`];
  if (outcome.status === 'crash') return [`crash: ${outcome.crash.split('\n').slice(0, 3).join(' | ')}`];
  const problems: string[] = [];
  if (outcome.polluted) problems.push('Object.prototype was polluted');
  for (const e of outcome.errors) {
    if (INTERNAL.test(e.message)) problems.push(`internal failure reported as input error: ${e.file}: ${e.message}`);
    if (e.file.startsWith('good/')) problems.push(`the good neighbour got an error: ${e.file}: ${e.message}`);
  }
  for (const want of comp.expected) {
    const file = `good/${want.file}`;
    if (!outcome.findings.some((f) => f.ruleId === want.ruleId && f.file === file && f.line === want.line)) {
      problems.push(`the good neighbour's finding ${want.ruleId} at ${file}:${want.line} is missing`);
    }
  }
  const own = outcome.errors.filter((e) => e.file === exp.hostile || e.file.startsWith(`${exp.hostile}/`));
  const failing = own.filter((e) => (e.level ?? 'error') === 'error');
  const parsed = outcome.files.includes(exp.hostile);
  if (!parsed && failing.length === 0) problems.push(`the hostile file was neither scanned nor reported as an input error (silent pass)`);
  if (exp.mustFail && failing.length === 0) problems.push('expected an input error for the hostile file (exit 2)');
  const complaints = own.filter((e) => e.level !== 'note');
  if (exp.mustParse && (!parsed || complaints.length > 0)) {
    problems.push(`expected a clean parse of the hostile file: ${complaints.map((e) => e.message).join(' / ') || 'not in the scanned files'}`);
  }
  if (exp.needsPosition) {
    for (const e of own) {
      if (NO_POSITION.test(e.message)) continue;
      if (!(typeof e.line === 'number' && e.line >= 1)) problems.push(`input error without a position: ${e.message}`);
    }
  }
  if (exp.messageMatches && !own.some((e) => exp.messageMatches!.test(e.message))) {
    problems.push(`no error message matching ${exp.messageMatches}: ${own.map((e) => e.message).join(' / ') || '(none)'}`);
  }
  return problems;
}
