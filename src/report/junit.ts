/**
 * JUnit XML for CI test tabs: one test suite per rule, one test case per rule and resource.
 * Violations fail the case, suppressed findings skip it, unknowns pass with the reason in system-out.
 * Input errors are a suite of their own.
 */
import type { Finding, InputError } from '../engine/finding.js';
import { findRule } from '../engine/registry.js';
import { locationText } from './group.js';
import type { Report, Reporter } from './types.js';

/** XML text and attribute escaping; characters XML 1.0 forbids are dropped. */
export function xml(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

interface Case {
  name: string;
  classname: string;
  file?: string;
  findings: Finding[];
}

function caseXml(c: Case): string[] {
  const violations = c.findings.filter((f) => f.kind === 'violation' && !(f.suppressions && f.suppressions.length > 0));
  const suppressed = c.findings.filter((f) => f.suppressions && f.suppressions.length > 0);
  const unknown = c.findings.filter((f) => f.kind === 'unknown' && !(f.suppressions && f.suppressions.length > 0));
  const attrs = `name="${xml(c.name)}" classname="${xml(c.classname)}"${c.file ? ` file="${xml(c.file)}"` : ''}`;
  const lines = [`    <testcase ${attrs}>`];
  if (violations.length > 0) {
    const worst = violations[0]!;
    lines.push(
      `      <failure message="${xml(worst.message)}" type="${xml(worst.severity)}">${xml(violations.map((f) => `${f.severity} ${locationText(f.at)}: ${f.message}`).join('\n'))}</failure>`,
    );
  } else if (suppressed.length > 0 && unknown.length === 0) {
    lines.push(`      <skipped message="${xml(`suppressed: ${suppressed.map((f) => f.suppressions!.map((s) => s.justification).join('; ')).join('; ')}`)}"/>`);
  }
  if (unknown.length > 0) lines.push(`      <system-out>${xml(unknown.map((f) => `unknown ${locationText(f.at)}: ${f.message}`).join('\n'))}</system-out>`);
  lines.push('    </testcase>');
  return lines;
}

function errorCase(e: InputError): string[] {
  const where = e.line !== undefined ? `${e.file}:${e.line}` : e.file;
  const level = e.level ?? 'error';
  const body = level === 'error' ? `      <error message="${xml(e.message)}" type="input-error">${xml(`${where}: ${e.message}`)}</error>` : `      <system-out>${xml(`${level} ${where}: ${e.message}`)}</system-out>`;
  return [`    <testcase name="${xml(where)}" classname="s3lint.inputs">`, body, '    </testcase>'];
}

export const junitReporter: Reporter = (report: Report) => {
  const byRule = new Map<string, Map<string, Case>>();
  for (const f of report.findings) {
    if (f.kind === 'unknown' && report.showUnknown === false) continue;
    const cases = byRule.get(f.ruleId) ?? new Map<string, Case>();
    byRule.set(f.ruleId, cases);
    const key = f.resource.address;
    const c = cases.get(key) ?? { name: f.resource.name ? `${f.resource.name} (${f.resource.address})` : f.resource.address, classname: `s3lint.${f.ruleId}`, findings: [] };
    if (c.file === undefined && f.at.kind === 'source') c.file = f.at.file;
    c.findings.push(f);
    cases.set(key, c);
  }
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const [ruleId, cases] of [...byRule.entries()].sort()) {
    const list = [...cases.values()];
    const f = list.filter((c) => c.findings.some((x) => x.kind === 'violation' && !(x.suppressions && x.suppressions.length > 0))).length;
    const s = list.filter((c) => c.findings.every((x) => x.suppressions && x.suppressions.length > 0)).length;
    tests += list.length;
    failures += f;
    skipped += s;
    const meta = findRule(ruleId)?.meta;
    suites.push(
      `  <testsuite name="${xml(`${ruleId} ${meta?.name ?? ''}`.trim())}" tests="${list.length}" failures="${f}" errors="0" skipped="${s}">`,
      ...list.flatMap(caseXml),
      '  </testsuite>',
    );
  }
  if (report.errors.length > 0) {
    const e = report.errors.filter((x) => (x.level ?? 'error') === 'error').length;
    tests += report.errors.length;
    errors += e;
    suites.push(`  <testsuite name="inputs" tests="${report.errors.length}" failures="0" errors="${e}" skipped="0">`, ...report.errors.flatMap(errorCase), '  </testsuite>');
  }
  if (tests === 0) {
    tests = 1;
    suites.push('  <testsuite name="s3lint" tests="1" failures="0" errors="0" skipped="0">', `    <testcase name="${xml(`${report.files.length} files scanned`)}" classname="s3lint"/>`, '  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="s3lint" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
};
