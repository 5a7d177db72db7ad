/**
 * A representative subset of hostile inputs through the real CLI in a child process (with a timeout):
 * exit 2, one positioned error per hostile file, every good file still reported, no stack trace.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli.js';
import { FIXTURES_DIR } from '../support/fixtures.js';

const TIMEOUT_MS = 60_000;
let root = '';

const GOOD = {
  'good-snapshot': 'S3L001/fail/snapshot-no-lifecycle',
  'good-terraform': 'S3L001/fail/terraform-count-no-lifecycle',
  'good-cfn': 'S3L001/fail/cfn-yaml-no-abort',
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 's3lint-robust-cli-'));
  for (const [dir, fixture] of Object.entries(GOOD)) cpSync(join(FIXTURES_DIR, fixture), join(root, dir), { recursive: true });
  const hostile = join(root, 'hostile');
  mkdirSync(hostile);
  const deep = 10_000;
  writeFileSync(join(hostile, 'deep.s3lint.json'), `{"s3lintSnapshot": 1, "buckets": [{"name": "x", "tags": ${'['.repeat(deep)}${']'.repeat(deep)}}]}`);
  writeFileSync(join(hostile, 'broken.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties: [\n');
  writeFileSync(join(hostile, 'latin1.tf'), Buffer.concat([Buffer.from('resource "aws_s3_bucket" "b" {\n  bucket = "caf'), Buffer.from([0xe9]), Buffer.from('"\n}\n')]));
  writeFileSync(join(hostile, 'binary.s3lint.json'), Buffer.from([0x7b, 0x0a, 0x00, 0x7d]));
  writeFileSync(join(hostile, 'huge.tf'), '');
  truncateSync(join(hostile, 'huge.tf'), 100 * 1024 * 1024);
  symlinkSync('.', join(hostile, 'loop'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function check(args: string[]): { status: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null } {
  const r = spawnSync(process.execPath, [CLI, 'check', ...args], { cwd: root, encoding: 'utf8', timeout: TIMEOUT_MS, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

const STACK_TRACE = /^\s+at .+[:(]\d+:\d+\)?$/m;

describe('s3lint check on a tree with hostile files', () => {
  it('exits 2 within the timeout, reports each hostile file with its position, and every good file', () => {
    const r = check(['.', '--format', 'json']);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    const report = JSON.parse(r.stdout) as {
      errors: { file: string; line?: number; column?: number; message: string }[];
      findings: { ruleId: string; at: { file: string; startLine: number } }[];
    };
    const byFile = new Map(report.errors.map((e) => [e.file, e]));
    expect([...byFile.keys()].sort()).toEqual(['hostile/binary.s3lint.json', 'hostile/broken.yaml', 'hostile/deep.s3lint.json', 'hostile/huge.tf', 'hostile/latin1.tf']);
    expect(byFile.get('hostile/deep.s3lint.json')).toMatchObject({ line: 1, message: 'invalid JSON: nested more than 500 levels deep' });
    expect(byFile.get('hostile/broken.yaml')).toMatchObject({ line: expect.any(Number) });
    expect(byFile.get('hostile/latin1.tf')).toMatchObject({ line: 2, column: 16, message: expect.stringContaining('not valid UTF-8 (byte 0xE9') });
    expect(byFile.get('hostile/binary.s3lint.json')).toMatchObject({ line: 2, column: 1, message: expect.stringContaining('NUL byte') });
    expect(byFile.get('hostile/huge.tf')!.message).toBe('skipped: 104857600 bytes is over the --max-file-size limit of 10485760 bytes');
    for (const [dir, fixture] of Object.entries(GOOD)) {
      const expected = (JSON.parse(readFileSync(join(FIXTURES_DIR, fixture, 'expected.json'), 'utf8')) as { file: string; line: number; ruleId: string }[]);
      for (const want of expected) {
        expect(report.findings.some((f) => f.ruleId === want.ruleId && f.at.file === `${dir}/${want.file}` && f.at.startLine === want.line)).toBe(true);
      }
    }
  });

  it('prints the same errors as file:line:column lines in the text report, without a stack trace', () => {
    const r = check(['.']);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/hostile\/deep\.s3lint\.json:1:\d+: error: invalid JSON: nested more than 500 levels deep/);
    expect(r.stdout).toMatch(/hostile\/latin1\.tf:2:16: error: not valid UTF-8/);
    expect(r.stdout).toContain('good-terraform/main.tf');
    expect(r.stdout + r.stderr).not.toMatch(STACK_TRACE);
  });

  it('reads the 100 MB file only when --max-file-size allows it, and then still finishes', () => {
    const r = check(['hostile/huge.tf', 'good-snapshot', '--max-file-size', '200MB', '--format', 'json']);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2); // 100 MB of NUL bytes is not text
    expect(r.stdout).toContain('NUL byte at offset 0');
    expect(r.stdout).toContain('good-snapshot/buckets.s3lint.json');
  });
});
