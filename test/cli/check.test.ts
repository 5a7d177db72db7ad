import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { sarifValidator } from '../support/sarif-schema.js';

const SNAPSHOT_OK = JSON.stringify({ s3lintSnapshot: 1, buckets: [{ name: 'fine', lifecycle: null }] }, null, 2);

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 's3lint-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('s3lint check', () => {
  it('reports findings with exit 1 and a summary line', () => {
    const r = runCli(['check', 'fixtures/S3L001/fail/snapshot-no-lifecycle']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('fixtures/S3L001/fail/snapshot-no-lifecycle/buckets.s3lint.json');
    expect(r.stdout).toMatch(/5:7 +medium +S3L001/);
    // Other rules report on this bucket too (the catalog grows): the summary format, not the count, is the point.
    expect(r.stdout).toMatch(/\n✖ \d+ findings? \(\d+ medium\)(, \d+ unknown)? in 1 file\n$/);
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('exits 0 on a clean tree and below the --fail-on threshold', () => {
    expect(runCli(['check', 'fixtures/S3L003/pass']).status).toBe(0);
    expect(runCli(['check', 'fixtures/S3L001/fail/snapshot-no-lifecycle', '--fail-on', 'high']).status).toBe(0);
  });

  it('reports malformed JSON with file and line, exit 2, and still reports the other files', () => {
    const dir = tempDir({
      'broken.s3lint.json': '{\n  "s3lintSnapshot": 1,\n  "buckets": [\n    { "name": "x", }\n  ]\n}\n',
      'good.s3lint.json': SNAPSHOT_OK,
    });
    const r = runCli(['check', '.'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/broken\.s3lint\.json:4:\d+: error: invalid JSON/);
    expect(r.stdout).toContain('good.s3lint.json');
    expect(r.stdout).toContain('S3L001');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('reports a schema violation with the JSON pointer and line', () => {
    const dir = tempDir({
      'bad.s3lint.json': '{\n  "s3lintSnapshot": 1,\n  "buckets": [\n    {\n      "name": "x",\n      "versioning": { "Status": "On" }\n    }\n  ]\n}\n',
    });
    const r = runCli(['check', '.', '--format', 'json'], { cwd: dir });
    expect(r.status).toBe(2);
    const report = JSON.parse(r.stdout) as { errors: { file: string; line: number; message: string }[] };
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ file: 'bad.s3lint.json', line: 6 });
    expect(report.errors[0]!.message).toContain('/buckets/0/versioning/Status');
  });

  it('takes an explicitly named JSON snapshot by content', () => {
    const dir = tempDir({ 'estate.json': SNAPSHOT_OK, 'other.json': '{"not": "an input"}' });
    expect(runCli(['check', 'estate.json'], { cwd: dir }).status).toBe(1);
    const r = runCli(['check', 'other.json'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('other.json: error: not a recognised input');
    expect(runCli(['check', '.'], { cwd: dir }).status).toBe(0);
  });

  it('writes valid SARIF to --output', () => {
    const dir = mkdtempSync(join(tmpdir(), 's3lint-out-'));
    const out = join(dir, 'out.sarif');
    const r = runCli(['check', 'fixtures', '--format', 'sarif', '--output', out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(true);
    expect(sarifValidator()(JSON.parse(readFileSync(out, 'utf8')))).toEqual([]);
  });

  it('rejects bad usage with exit 2 and one line, never a stack trace', () => {
    const bad = runCli(['check', '--format', 'yaml']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("'yaml' is invalid");
    const missing = runCli(['check', 'no/such/path']);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toContain('no/such/path: error: cannot read: no such file or directory');
    const unknownRule = runCli(['check', '--disable', 'S3L999']);
    expect(unknownRule.status).toBe(2);
    expect(unknownRule.stderr).toBe('s3lint: --disable: unknown rule "S3L999" (see `s3lint rules`)\n');
  });
});

describe('s3lint rules / explain / help', () => {
  it('lists the catalog', () => {
    const r = runCli(['rules']);
    expect(r.status).toBe(0);
    for (const id of ['S3L001', 'S3L002', 'S3L003', 'S3L005']) expect(r.stdout).toContain(id);
    expect(r.stdout.split('\n')[0]).toMatch(/^ID +NAME +DEFAULT +SEVERITY/);
  });

  it('explains a rule by id or name', () => {
    const r = runCli(['explain', 'abort-incomplete-multipart-upload']);
    expect(r.status).toBe(0);
    for (const section of ['## What it does', '## Why is this bad?', '## Example', '## Use instead', '## References']) expect(r.stdout).toContain(section);
    const unknown = runCli(['explain', 'nope']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown rule "nope"');
  });

  it('prints help with the exit codes', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Exit codes: 0 clean, 1 findings');
    expect(r.stdout).toContain('check');
  });
});
