import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanPaths } from '../../src/engine/scan.js';
import { FINGERPRINT_KEY, buildSarif } from '../../src/report/sarif.js';
import { FIXTURES_DIR } from '../support/fixtures.js';
import { sarifValidator } from '../support/sarif-schema.js';

const report = async (paths: string[], cwd: string) => {
  const r = await scanPaths(paths, { load: { cwd } });
  return buildSarif({ findings: r.findings, errors: r.errors, files: r.files, cwd, toolVersion: '0.0.0-test' });
};

describe('SARIF', () => {
  it('validates against the SARIF 2.1.0 schema for the whole fixture tree', async () => {
    const log = await report(['.'], FIXTURES_DIR);
    expect(log.runs[0]!.results!.length).toBeGreaterThan(10);
    expect(sarifValidator()(log)).toEqual([]);
  });

  it('carries what GitHub code scanning reads', async () => {
    const log = await report(['S3L001/fail'], FIXTURES_DIR);
    const run = log.runs[0]!;
    expect(run.automationDetails?.id).toBe('s3lint/check/');
    expect(run.columnKind).toBe('utf16CodeUnits');
    const rule = run.tool.driver.rules!.find((r) => r.id === 'S3L001')!;
    expect(rule.help?.markdown).toContain('## Why is this bad?');
    expect(rule.properties?.['security-severity']).toMatch(/^\d+\.\d$/);
    const result = run.results!.find((r) => r.ruleId === 'S3L001')!;
    const region = result.locations![0]!.physicalLocation!.region!;
    expect(region.startLine).toBeGreaterThan(0);
    expect(region.startColumn).toBeGreaterThan(0);
    expect(result.partialFingerprints?.[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps fingerprints when unrelated lines move, and changes them when the setting changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3lint-fp-'));
    const source = readFileSync(join(FIXTURES_DIR, 'S3L005/fail/snapshot-kms/estate.s3lint.json'), 'utf8');
    const prints = async () => {
      const log = await report(['.'], dir);
      return log.runs[0]!.results!.filter((r) => r.ruleId === 'S3L005').map((r) => [r.partialFingerprints![FINGERPRINT_KEY], r.locations![0]!.physicalLocation!.region!.startLine]);
    };
    writeFileSync(join(dir, 'a.s3lint.json'), source);
    const before = await prints();
    writeFileSync(join(dir, 'a.s3lint.json'), '\n\n\n' + source);
    const after = await prints();
    expect(after.map((p) => p[0])).toEqual(before.map((p) => p[0]));
    expect(after.map((p) => p[1])).toEqual(before.map((p) => (p[1] as number) + 3));
    writeFileSync(join(dir, 'a.s3lint.json'), source.replace('"kms-key-false"', '"another-bucket"'));
    const renamed = await prints();
    expect(renamed.map((p) => p[0])).not.toEqual(before.map((p) => p[0]));
  });
});
