/**
 * Acceptance: a fixture repository with suppressions (valid, expired, unused, wrong id, missing reason,
 * block/attribute/module forms, CloudFormation Metadata in YAML and JSON, configuration globs) gives
 * exactly the expected findings and suppression notes, in JSON, text and SARIF.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { sarifValidator } from '../support/sarif-schema.js';
import { copyData, tempTree, type JsonReport } from './support.js';

// The rules this fixture is about; other rules' findings are not part of the expectation.
const RULES = new Set(['S3L001', 'S3L015']);

const EXPECTED_FINDINGS = [
  's/estate.s3lint.json:5 S3L001 violation external "cache buckets are recreated weekly"',
  's/estate.s3lint.json:10 S3L001 violation',
  's/main.tf:4 S3L001 violation inSource "logs are written once and never uploaded in parts" until 2099-12-31',
  's/main.tf:4 S3L015 violation',
  's/main.tf:9 S3L001 violation',
  's/main.tf:9 S3L015 violation',
  's/main.tf:14 S3L001 violation',
  's/main.tf:19 S3L001 violation',
  's/main.tf:24 S3L001 violation',
  's/main.tf:24 S3L015 violation',
  's/main.tf:32 S3L015 violation inSource "archive objects are immutable; versioning adds nothing"',
  's/main.tf:40 S3L015 violation inSource "data is re-derived from the lake nightly"',
  's/modules/bucket/main.tf:5 S3L001 violation',
  's/modules/bucket/main.tf:5 S3L001 violation inSource "sandbox instance, emptied nightly"',
  's/modules/bucket/main.tf:5 S3L015 violation',
  's/modules/bucket/main.tf:5 S3L015 violation inSource "sandbox instance, emptied nightly"',
  's/template.json:5 S3L001 violation',
  's/template.json:5 S3L015 violation inSource "media is re-encoded from the source masters"',
  's/template.yaml:4 S3L001 violation inSource "reports are uploaded in one part"',
  's/template.yaml:4 S3L015 violation',
  's/template.yaml:16 S3L001 violation',
  's/template.yaml:16 S3L015 violation inSource "exports are reproducible from the warehouse"',
  's/template.yaml:20 S3L001 violation',
  's/template.yaml:20 S3L015 violation',
];

const EXPECTED_NOTES = [
  's/main.tf:8: warning: s3lint-ignore S3L001 expired on 2020-01-01: the findings it covered are reported again (reason was: migration bucket, deleted after the move)',
  's/main.tf:13: warning: s3lint-ignore S3L999 names unknown rule "S3L999" (see `s3lint rules`)',
  's/main.tf:18: warning: s3lint-ignore S3L005 is unused: no S3L005 finding below it',
  's/main.tf:23: warning: s3lint-ignore S3L015 has no reason and is ignored (write "# s3lint-ignore S3L015 -- why")',
  's/s3lint.config.yaml:6: warning: configuration suppression of S3L001 is unused: it matches no finding',
  's/template.yaml:10: warning: Metadata s3lint ignore S3L005 of Reports is unused: no S3L005 finding in resource Reports',
  's/template.yaml:24: warning: Metadata s3lint ignore S3L001 of Scratch expired on 2021-06-30: the findings it covered are reported again (reason was: expired exception)',
];

function line(f: JsonReport['findings'][number]): string {
  const where = f.at.kind === 'source' ? `${f.at.file}:${f.at.startLine}` : '?';
  const s = f.suppressions?.[0];
  return `${where} ${f.ruleId} ${f.kind}${s ? ` ${s.kind} "${s.justification}"${s.until ? ` until ${s.until}` : ''}` : ''}`;
}

describe('suppressions fixture repository', () => {
  const root = copyData('suppressions', 's');

  it('gives exactly the expected findings and notes (JSON)', () => {
    const r = runCli(['check', 's', '--format', 'json'], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    const got = report.findings.filter((f) => RULES.has(f.ruleId)).map(line);
    expect(got.sort()).toEqual([...EXPECTED_FINDINGS].sort());
    const notes = report.errors.map((e) => `${e.file}:${e.line}: ${e.level}: ${e.message}`);
    expect(notes).toEqual(EXPECTED_NOTES);
  });

  it('shows suppressed findings and the notes in text, and warnings do not change the exit code', () => {
    const r = runCli(['check', 's'], { cwd: root });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/4:1 +medium +S3L001 .*\(suppressed: logs are written once and never uploaded in parts\)/);
    for (const n of EXPECTED_NOTES) expect(r.stdout).toContain(`  ${n}\n`);
    const clean = runCli(['check', 's/template.json', '--disable', 'S3L001', '--enable', 'S3L015', '--fail-on', 'critical'], { cwd: root });
    expect(clean.status).toBe(0);
  });

  it('keeps suppressed findings in SARIF as suppressions and reports the notes as notifications', () => {
    const r = runCli(['check', 's', '--format', 'sarif'], { cwd: root });
    expect(r.stderr).toBe('');
    const sarif = JSON.parse(r.stdout) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; suppressions?: { kind: string; justification: string; status: string; location?: { physicalLocation: { region: { startLine: number } } } }[] }[]; invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[];
    };
    expect(sarifValidator()(sarif)).toEqual([]);
    const run = sarif.runs[0]!;
    const suppressed = run.results
      .filter((x) => RULES.has(x.ruleId) && x.suppressions)
      .map((x) => `${x.locations[0]!.physicalLocation.artifactLocation.uri}:${x.locations[0]!.physicalLocation.region.startLine} ${x.ruleId} ${x.suppressions!.map((s) => `${s.kind}@${s.location?.physicalLocation.region.startLine}`).join(',')}`)
      .sort();
    expect(suppressed).toEqual(
      [
        's/estate.s3lint.json:5 S3L001 external@3',
        's/main.tf:4 S3L001 inSource@3',
        's/main.tf:32 S3L015 inSource@30',
        's/main.tf:40 S3L015 inSource@39',
        's/modules/bucket/main.tf:5 S3L001 inSource@44',
        's/modules/bucket/main.tf:5 S3L015 inSource@44',
        's/template.json:5 S3L015 inSource@8',
        's/template.yaml:4 S3L001 inSource@8',
        's/template.yaml:16 S3L015 inSource@14',
      ].sort(),
    );
    const notes = run.invocations[0]!.toolExecutionNotifications.map((n) => `${n.level} ${n.message.text}`);
    expect(notes).toHaveLength(EXPECTED_NOTES.length);
    expect(notes.every((n) => n.startsWith('warning '))).toBe(true);
  });

  it('honours Checkov and Trivy comments only with --honor-peer-suppressions', () => {
    const dir = tempTree({
      'main.tf': [
        'resource "aws_s3_bucket" "a" {',
        '  # checkov:skip=CKV_AWS_300:uploads are single-part',
        '  bucket = "peer-a"',
        '}',
        '',
        '# trivy:ignore:AVD-AWS-0086',
        'resource "aws_s3_bucket_public_access_block" "a" {',
        '  bucket                  = aws_s3_bucket.a.id',
        '  block_public_acls       = false',
        '  block_public_policy     = true',
        '  ignore_public_acls      = true',
        '  restrict_public_buckets = true',
        '}',
        '',
      ].join('\n'),
    });
    const off = JSON.parse(runCli(['check', '.', '--format', 'json'], { cwd: dir }).stdout) as JsonReport;
    const on = JSON.parse(runCli(['check', '.', '--format', 'json', '--honor-peer-suppressions'], { cwd: dir }).stdout) as JsonReport;
    const pick = (rep: JsonReport, id: string) => rep.findings.filter((f) => f.ruleId === id).map((f) => f.suppressions?.map((s) => s.justification) ?? []);
    expect(pick(off, 'S3L001')).toEqual([[]]);
    expect(pick(on, 'S3L001')).toEqual([['uploads are single-part']]);
    expect(pick(off, 'S3L002')).toEqual([[]]);
    expect(pick(on, 'S3L002')).toEqual([['trivy:ignore:AVD-AWS-0086']]);
  });
});
