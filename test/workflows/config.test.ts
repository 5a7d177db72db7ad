import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/engine/config-file.js';
import { runCli } from '../support/cli.js';
import { tempTree, type JsonReport } from './support.js';

const SNAPSHOT = JSON.stringify(
  {
    s3lintSnapshot: 1,
    buckets: [
      {
        name: 'cfg-bucket',
        lifecycle: { Rules: [{ ID: 'mpu', Status: 'Enabled', Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 10 } }] },
        versioning: { Status: 'Enabled' },
      },
    ],
  },
  null,
  2,
);

function report(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}

function s3l001(stdout: string): string[] {
  return report(stdout).findings.filter((f) => f.ruleId === 'S3L001').map((f) => `${f.kind} ${f.severity}`);
}

describe('configuration file', () => {
  it('is found upward from the scanned path and sets rule options, severity and on/off', () => {
    const dir = tempTree({
      's3lint.config.yaml': 'rules:\n  S3L001:\n    severity: critical\n    options:\n      maxDaysAfterInitiation: 14\n',
      'envs/prod/estate.s3lint.json': SNAPSHOT,
    });
    // Days 10 are within the configured 14: no S3L001 finding.
    expect(s3l001(runCli(['check', 'envs/prod', '--format', 'json'], { cwd: dir }).stdout)).toEqual([]);
    const strict = tempTree({
      's3lint.config.json': JSON.stringify({ rules: { 'abort-incomplete-multipart-upload': { severity: 'critical', options: { maxDaysAfterInitiation: 3 } } } }),
      'estate.s3lint.json': SNAPSHOT,
    });
    expect(s3l001(runCli(['check', '.', '--format', 'json'], { cwd: strict }).stdout)).toEqual(['violation critical']);
    const off = tempTree({ 's3lint.config.yml': 'rules:\n  S3L001: false\n', 'estate.s3lint.json': SNAPSHOT });
    expect(s3l001(runCli(['check', '.', '--format', 'json'], { cwd: off }).stdout)).toEqual([]);
    // --no-config ignores it; --enable on the command line wins over the file.
    expect(s3l001(runCli(['check', '.', '--format', 'json', '--no-config'], { cwd: strict }).stdout)).toEqual(['violation low']);
    expect(s3l001(runCli(['check', '.', '--format', 'json', '--enable', 'S3L001'], { cwd: off }).stdout)).toEqual(['violation low']);
  });

  it('sets fail-on, unknowns and ignore globs; command-line flags override', () => {
    const dir = tempTree({
      's3lint.config.yaml': 'failOn: critical\nunknowns: hide\nignore:\n  - "skip/**"\n',
      'estate.s3lint.json': SNAPSHOT,
      'skip/bad.s3lint.json': '{ not json',
    });
    const r = runCli(['check', '.', '--config', 's3lint.config.yaml'], { cwd: dir });
    expect(r.stdout).not.toContain('bad.s3lint.json');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/ unknown +S3L/);
    expect(runCli(['check', '.', '--fail-on', 'low'], { cwd: dir }).status).toBe(1);
  });

  it('rejects an invalid file with exit 2 naming the file, line and key', () => {
    const cases: [string, string, string][] = [
      ['s3lint.config.yaml', 'preset: recommended\nrules:\n  S3L001:\n    severity: urgent\n', 's3lint: s3lint.config.yaml:4: /rules/S3L001/severity must be one of "info", "low", "medium", "high", "critical"\n'],
      ['s3lint.config.yaml', 'rules:\n  S3L001:\n    options:\n      maxDaysAfterInitiation: -1\n', 's3lint: s3lint.config.yaml:4: /rules/S3L001/options/maxDaysAfterInitiation must be >= 0\n'],
      ['s3lint.config.yaml', 'rules:\n  S3L001:\n    options:\n      maxDays: 3\n', 's3lint: s3lint.config.yaml:4: /rules/S3L001/options/maxDays is not an option of this rule\n'],
      ['s3lint.config.yaml', 'rules:\n  S3L999: true\n', 's3lint: s3lint.config.yaml:2: /rules/S3L999 unknown rule "S3L999" (see `s3lint rules`)\n'],
      ['s3lint.config.yaml', 'presets: strict\n', 's3lint: s3lint.config.yaml:1: /presets is not a configuration key\n'],
      ['s3lint.config.json', '{\n  "failOn": "often"\n}\n', 's3lint: s3lint.config.json:2: /failOn must be one of "info", "low", "medium", "high", "critical"\n'],
      ['s3lint.config.json', '{\n  "ignore": [\n', 's3lint: s3lint.config.json:3: invalid JSON: CloseBracketExpected\n'],
      ['s3lint.config.yaml', 'suppressions:\n  - rules: [S3L001]\n    buckets: ["x"]\n', 's3lint: s3lint.config.yaml:2: /suppressions/0 missing required property "reason"\n'],
    ];
    for (const [name, text, message] of cases) {
      const dir = tempTree({ [name]: text, 'estate.s3lint.json': SNAPSHOT });
      const r = runCli(['check', '.'], { cwd: dir });
      expect({ text, status: r.status, stdout: r.stdout }).toEqual({ text, status: 2, stdout: '' });
      expect(r.stderr.startsWith(message), `${r.stderr} should start with ${message}`).toBe(true);
    }
  });

  it('`s3lint init` writes a commented starter file that loads as is', () => {
    const dir = tempTree({});
    const r = runCli(['init'], { cwd: dir });
    expect(r.status).toBe(0);
    const text = readFileSync(join(dir, 's3lint.config.yaml'), 'utf8');
    expect(text).toContain('# s3lint-ignore S3L001 -- reason [until 2027-01-31]');
    expect(text).toMatch(/^ {2}# S3L001:\n {2}# {3}enabled: true\n {2}# {3}options:\n {2}# {5}maxDaysAfterInitiation: 7$/m);
    const config = loadConfigFile(join(dir, 's3lint.config.yaml'), dir);
    expect(config).toMatchObject({ engine: { preset: 'recommended' }, failOn: 'low', showUnknown: true, ignore: ['**/examples/**'], suppressions: [] });
    expect(runCli(['init'], { cwd: dir }).status).toBe(2);
    expect(runCli(['init', '--force'], { cwd: dir }).status).toBe(0);
  });
});
