/** Unit tests of the workflow formats on hand-made findings (no loaders involved). */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.js';
import { fitSarifLimits } from '../../src/cli/output.js';
import { escapeData, escapeProperty, githubReporter } from '../../src/report/github.js';
import { junitReporter } from '../../src/report/junit.js';
import { markdownReporter, mdText } from '../../src/report/markdown.js';
import { REPORTERS, type Report } from '../../src/report/index.js';
import { buildSarif } from '../../src/report/sarif.js';

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'S3L001',
    ruleName: 'abort-incomplete-multipart-upload',
    severity: 'medium',
    kind: 'violation',
    message: 'Bucket "a" has no lifecycle configuration',
    at: { kind: 'source', file: 'infra/main.tf', startLine: 3, startColumn: 1, endLine: 3, endColumn: 30 },
    resource: { kind: 'bucket', address: 'aws_s3_bucket.a', name: 'a' },
    path: 'lifecycle',
    related: [],
    fingerprint: 'f'.repeat(32),
    ...over,
  };
}

function report(findings: Finding[], errors: Report['errors'] = []): Report {
  return { findings, errors, files: ['infra/main.tf'], cwd: '/repo', toolVersion: '0.0.0-test' };
}

describe('--format github', () => {
  it('escapes data and properties as the workflow-command parser expects', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('prints one annotation per unsuppressed finding and per note, then a summary', () => {
    const out = githubReporter(
      report(
        [
          finding({ message: 'line one\nline two: 100%', at: { kind: 'source', file: 'dir,x/ma:in.tf', startLine: 3, startColumn: 5, endLine: 4, endColumn: 2 } }),
          finding({ ruleId: 'S3L002', ruleName: 'bucket-public-access-block', severity: 'high' }),
          finding({ ruleId: 'S3L015', severity: 'low', suppressions: [{ kind: 'inSource', justification: 'ok' }] }),
          finding({ kind: 'unknown', severity: 'info', at: { kind: 'api', call: 'GetBucketLifecycleConfiguration', resource: 'arn:aws:s3:::a' } }),
        ],
        [{ file: 'infra/main.tf', line: 9, level: 'warning', message: 's3lint-ignore S3L005 is unused' }],
      ),
      { color: false },
    );
    expect(out.split('\n')).toEqual([
      '::warning file=dir%2Cx/ma%3Ain.tf,line=3,endLine=4,col=5,title=S3L001 abort-incomplete-multipart-upload (medium)::line one%0Aline two: 100%25',
      '::error file=infra/main.tf,line=3,col=1,title=S3L002 bucket-public-access-block (high)::Bucket "a" has no lifecycle configuration',
      '::notice title=S3L001 abort-incomplete-multipart-upload (unknown)::Bucket "a" has no lifecycle configuration (GetBucketLifecycleConfiguration arn:aws:s3:::a)',
      '::warning file=infra/main.tf,line=9,title=s3lint warning::s3lint-ignore S3L005 is unused',
      's3lint: 2 findings, 1 unknown, 1 suppressed, 0 input errors in 1 file',
      '',
    ]);
  });
});

describe('--format markdown', () => {
  it('escapes everything that could inject markup', () => {
    expect(mdText('<img src=x> | *b* [l](u) `c`\nnext')).toBe('&lt;img src=x&gt; \\| \\*b\\* \\[l\\](u) \\`c\\` next');
  });

  it('has the summary, a section per bucket, the fix from the rule docs and the suppressed list', () => {
    const out = markdownReporter(
      report([
        finding({ resource: { kind: 'bucket', address: 'aws_s3_bucket.x', name: '<b>x|y</b>' } }),
        finding({ ruleId: 'S3L002', ruleName: 'bucket-public-access-block', severity: 'high', resource: { kind: 'bucket', address: 'aws_s3_bucket.z', name: 'z' } }),
        finding({ ruleId: 'S3L015', suppressions: [{ kind: 'external', justification: 'tmp bucket' }] }),
      ]),
      { color: false },
    );
    expect(out).toContain('### ❌ s3lint: 2 findings · 0 unknown · 1 suppressed · 0 input errors · 1 file');
    expect(out).toContain('| high | 1 |\n| medium | 1 |');
    expect(out).toContain('<summary><b>&lt;b&gt;x\\|y&lt;/b&gt;</b> (bucket `aws_s3_bucket.x`): 1 finding</summary>');
    // The high-severity bucket comes first.
    expect(out.indexOf('<b>z</b>')).toBeLessThan(out.indexOf('x\\|y'));
    expect(out).toContain('#### How to fix');
    expect(out).toContain('```hcl');
    expect(out).toContain('#### Suppressed (1)\n\n- S3L015 `infra/main.tf:3:1` a: tmp bucket');
    expect(out).not.toMatch(/<b>x/);
  });
});

describe('--format junit', () => {
  it('has one test case per rule and resource with failures, skips and escaped text', () => {
    const out = junitReporter(
      report([
        finding({ message: 'a < b & "c"' }),
        finding({ at: { kind: 'source', file: 'infra/main.tf', startLine: 9, startColumn: 1, endLine: 9, endColumn: 2 }, fingerprint: 'e'.repeat(32) }),
        finding({ resource: { kind: 'bucket', address: 'aws_s3_bucket.b', name: 'b' }, suppressions: [{ kind: 'inSource', justification: 'why' }] }),
      ]),
      { color: false },
    );
    expect(out).toContain('<testsuites name="s3lint" tests="2" failures="1" errors="0" skipped="1">');
    expect(out).toContain('<testsuite name="S3L001 abort-incomplete-multipart-upload" tests="2" failures="1" errors="0" skipped="1">');
    expect(out).toContain('<testcase name="a (aws_s3_bucket.a)" classname="s3lint.S3L001" file="infra/main.tf">');
    expect(out).toContain('<failure message="a &lt; b &amp; &quot;c&quot;" type="medium">medium infra/main.tf:3:1: a &lt; b &amp; &quot;c&quot;\nmedium infra/main.tf:9:1: Bucket &quot;a&quot; has no lifecycle configuration</failure>');
    expect(out).toContain('<skipped message="suppressed: why"/>');
  });
});

describe('SARIF limits', () => {
  it('keeps the most severe results within the per-run limit and says what was left out', () => {
    const many = [
      finding({ severity: 'low', fingerprint: '1' }),
      finding({ severity: 'critical', fingerprint: '2' }),
      finding({ severity: 'medium', fingerprint: '3', suppressions: [{ kind: 'inSource', justification: 'x' }] }),
      finding({ severity: 'high', fingerprint: '4' }),
    ];
    const fitted = fitSarifLimits(report(many), { resultsPerRun: 2, locationsPerResult: 1000 });
    expect(fitted.findings.map((f) => f.fingerprint)).toEqual(['2', '4']);
    expect(fitted.errors).toEqual([
      { file: '<sarif>', level: 'warning', message: '2 results left out: GitHub accepts at most 2 results per run (the most severe were kept; use --format json for all, or split the scan with --category)' },
    ]);
    const log = buildSarif({ ...fitted, category: 's3lint/check/infra/' });
    expect(log.runs[0]!.results).toHaveLength(2);
    expect(log.runs[0]!.automationDetails?.id).toBe('s3lint/check/infra/');
    expect(log.runs[0]!.invocations![0]!.toolExecutionNotifications![0]!.level).toBe('warning');
    for (const rule of log.runs[0]!.tool.driver.rules ?? []) expect((rule.properties?.tags ?? []).length).toBeLessThanOrEqual(20);
  });

  it('cuts related locations to the per-result limit', () => {
    const related = Array.from({ length: 5 }, (_, i) => ({ message: `r${i}`, at: finding().at }));
    const fitted = fitSarifLimits(report([finding({ related })]), { resultsPerRun: 10, locationsPerResult: 3 });
    expect(fitted.findings[0]!.related).toHaveLength(3);
    expect(fitted.errors[0]!.message).toBe("related locations of 1 result cut to 3 (GitHub's limit per result)");
    expect(fitSarifLimits(report([finding()]))).toEqual(report([finding()]));
  });
});

it('registers every workflow format', () => {
  expect(Object.keys(REPORTERS)).toEqual(expect.arrayContaining(['text', 'json', 'sarif', 'github', 'markdown', 'junit', 'html']));
});
