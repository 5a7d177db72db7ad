/**
 * Hostile file-system shapes: symlink loops, unreadable files, directories named like input files, a 100 MB
 * file and a FIFO, each next to a known-good fixture.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IsolatedScanner, companion, makeTree, removeTree, violations, type ScanOutcome } from './harness.js';

const BUDGET_MS = 20_000;
const GOOD = companion('S3L001/fail/snapshot-no-lifecycle');
const VALID_TF = 'resource "aws_s3_bucket" "inside" {\n  bucket = "inside-a-directory-named-like-a-file"\n}\n';

const scanner = new IsolatedScanner();
afterAll(() => scanner.close());

async function scanTree(build: (hostileDir: string) => void, paths = ['hostile', 'good']): Promise<{ root: string; outcome: ScanOutcome }> {
  const root = makeTree(GOOD, '', build);
  return { root, outcome: await scanner.scan(paths, root, BUDGET_MS) };
}

function ok(outcome: ScanOutcome): Extract<ScanOutcome, { status: 'ok' }> {
  if (outcome.status !== 'ok') throw new Error(`scan ${outcome.status}: ${'crash' in outcome ? outcome.crash : ''}`);
  return outcome;
}

describe('file-system shapes', () => {
  it('walks a directory symlink loop once and reports a file symlink loop', async () => {
    const { root, outcome } = await scanTree((dir) => {
      mkdirSync(join(dir, 'sub'));
      symlinkSync('..', join(dir, 'sub', 'up'));
      symlinkSync('.', join(dir, 'self'));
      symlinkSync('b.tf', join(dir, 'a.tf'));
      symlinkSync('a.tf', join(dir, 'b.tf'));
    });
    try {
      expect(violations(outcome, GOOD, { hostile: 'hostile/a.tf', mustFail: true, messageMatches: /symbolic links/ })).toEqual([]);
      const errors = ok(outcome).errors.map((e) => `${e.file}: ${e.message}`);
      expect(errors).toEqual(['hostile/a.tf: cannot read: too many levels of symbolic links', 'hostile/b.tf: cannot read: too many levels of symbolic links']);
    } finally {
      removeTree(root);
    }
  });

  it('reports an unreadable file and an unreadable directory (skipped when running as root)', async (ctx) => {
    const probe = makeTree(GOOD, 'probe.tf', VALID_TF);
    chmodSync(join(probe, 'hostile', 'probe.tf'), 0o000);
    let readable = true;
    try {
      readFileSync(join(probe, 'hostile', 'probe.tf'));
    } catch {
      readable = false;
    }
    removeTree(probe);
    // root (typical in CI containers) reads mode-000 files: permissions cannot make a file unreadable there.
    ctx.skip(readable, 'running as root: chmod 000 does not block reads, so unreadable files cannot be simulated');
    const { root, outcome } = await scanTree((dir) => {
      writeFileSync(join(dir, 'main.tf'), VALID_TF);
      chmodSync(join(dir, 'main.tf'), 0o000);
      mkdirSync(join(dir, 'locked'));
      writeFileSync(join(dir, 'locked', 'x.tf'), VALID_TF);
      chmodSync(join(dir, 'locked'), 0o000);
    });
    try {
      expect(violations(outcome, GOOD, { hostile: 'hostile/main.tf', mustFail: true, messageMatches: /permission denied/ })).toEqual([]);
      expect(ok(outcome).errors.some((e) => e.file === 'hostile/locked' && /permission denied/.test(e.message))).toBe(true);
    } finally {
      chmodSync(join(root, 'hostile', 'locked'), 0o755);
      removeTree(root);
    }
  });

  it('walks into directories named like input files, found or named explicitly', async () => {
    for (const paths of [['hostile', 'good'], ['hostile/main.tf', 'hostile/estate.s3lint.json', 'good']]) {
      const { root, outcome } = await scanTree((dir) => {
        mkdirSync(join(dir, 'main.tf'));
        writeFileSync(join(dir, 'main.tf', 'bucket.tf'), VALID_TF);
        mkdirSync(join(dir, 'estate.s3lint.json'));
        mkdirSync(join(dir, 'template.yaml'));
      }, paths);
      try {
        expect(violations(outcome, GOOD, { hostile: 'hostile/main.tf/bucket.tf', mustParse: true })).toEqual([]);
        expect(ok(outcome).errors).toEqual([]);
      } finally {
        removeTree(root);
      }
    }
  });

  it('skips a 100 MB file under the --max-file-size default with a clear error, without reading it', async () => {
    const { root, outcome } = await scanTree((dir) => {
      writeFileSync(join(dir, 'huge.tf'), '');
      truncateSync(join(dir, 'huge.tf'), 100 * 1024 * 1024); // sparse: no 100 MB written to disk
    });
    try {
      expect(violations(outcome, GOOD, { hostile: 'hostile/huge.tf', mustFail: true, messageMatches: /104857600 bytes is over the --max-file-size limit of 10485760 bytes/ })).toEqual([]);
      expect(outcome.ms).toBeLessThan(BUDGET_MS / 2);
    } finally {
      removeTree(root);
    }
  });

  it('never opens a FIFO named like an input file (reading it would block forever)', async (ctx) => {
    let root = '';
    const { outcome } = await scanTree((dir) => {
      root = join(dir, '..');
      try {
        execFileSync('mkfifo', [join(dir, 'pipe.tf')]);
      } catch {
        /* no mkfifo: the case below is skipped */
      }
    }, ['hostile', 'hostile/pipe.tf', 'good']);
    try {
      ctx.skip(outcome.status === 'ok' && outcome.errors.some((e) => /no such file/.test(e.message)), 'mkfifo is not available');
      expect(violations(outcome, GOOD, { hostile: 'hostile/pipe.tf', mustFail: true, messageMatches: /not a regular file/ })).toEqual([]);
    } finally {
      removeTree(root);
    }
  });

  it('scans files whose names hold spaces, non-ASCII, glob characters and a newline', async () => {
    const names = ['with space.tf', 'ünïcødé-😀.tf', '[glob]*?{a,b}.tf', 'line\nbreak.tf'];
    const { root, outcome } = await scanTree((dir) => {
      names.forEach((name, i) => writeFileSync(join(dir, name), VALID_TF.replace('"inside"', `"inside${i}"`)));
    });
    try {
      for (const name of names) expect(violations(outcome, GOOD, { hostile: `hostile/${name}`, mustParse: true })).toEqual([]);
    } finally {
      removeTree(root);
    }
  });

  it('reports a missing path and still scans the rest', async () => {
    const { root, outcome } = await scanTree(() => undefined, ['does-not-exist.tf', 'good']);
    try {
      expect(violations(outcome, GOOD, { hostile: 'does-not-exist.tf', mustFail: true, messageMatches: /no such file/ })).toEqual([]);
    } finally {
      removeTree(root);
    }
  });
});
