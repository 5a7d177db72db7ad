/**
 * A pull-request comment: summary tables, findings grouped by bucket, and how to fix each rule
 * (from the rule's own docs). Every value from the inputs is escaped; the comment stays under
 * GitHub's 65,536-character limit by leaving out the least severe buckets with a note.
 */
import type { Finding, InputError } from '../engine/finding.js';
import { findRule } from '../engine/registry.js';
import { SEVERITIES } from '../engine/severity.js';
import { fixFormatOf, groupByResource, isSuppressed, locationText } from './group.js';
import { summarize } from './summary.js';
import type { Report, Reporter } from './types.js';

export const MARKDOWN_LIMIT = 60_000;

/** Inline markdown text: no HTML, no emphasis or links, no table breaks, one line. */
export function mdText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]~|#!])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

function mdCode(s: string): string {
  const text = s.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

function fenced(code: string, lang: string): string[] {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return [fence + lang, code, fence];
}

const LANG: Record<string, string> = { terraform: 'hcl', cloudformation: 'yaml', snapshot: 'json', cli: 'sh' };

function severityLabel(f: Finding): string {
  return f.kind === 'unknown' ? 'unknown' : f.severity;
}

function findingRow(f: Finding): string {
  return `| ${severityLabel(f)} | ${mdText(f.ruleId)} ${mdText(f.ruleName)} | ${mdCode(locationText(f.at))} | ${mdText(f.message)} |`;
}

function fixSection(findings: Finding[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    if (seen.has(f.ruleId)) continue;
    seen.add(f.ruleId);
    const meta = findRule(f.ruleId)?.meta;
    if (!meta) continue;
    const wanted = fixFormatOf(f);
    const format = (meta.docs.fix[wanted] !== undefined ? wanted : Object.keys(meta.docs.fix)[0]) as keyof typeof meta.docs.fix | undefined;
    out.push(`<details><summary>${mdText(`${meta.id} ${meta.name}: ${meta.title}`)}</summary>`, '');
    out.push(mdText(meta.docs.what), '');
    if (format && meta.docs.fix[format]) out.push(...fenced(meta.docs.fix[format]!, LANG[format] ?? ''), '');
    out.push(`\`s3lint explain ${meta.id}\``, '', '</details>', '');
  }
  return out;
}

function noteLine(e: InputError): string {
  const where = e.line !== undefined ? `${e.file}:${e.line}` : e.file;
  return `- **${e.level ?? 'error'}** ${mdCode(where)} ${mdText(e.message)}`;
}

export const markdownReporter: Reporter = (report: Report) => {
  const s = summarize(report);
  const active = report.findings.filter((f) => !isSuppressed(f) && (f.kind === 'violation' || report.showUnknown !== false));
  const suppressed = report.findings.filter(isSuppressed);
  const mark = s.findings > 0 || s.inputErrors > 0 ? '❌' : '✅';
  const head: string[] = [
    `### ${mark} s3lint: ${s.findings} finding${s.findings === 1 ? '' : 's'}` +
      ` · ${s.unknown} unknown · ${s.suppressed} suppressed · ${s.inputErrors} input error${s.inputErrors === 1 ? '' : 's'} · ${s.files} file${s.files === 1 ? '' : 's'}`,
    '',
    '| Severity | Findings |',
    '|---|---:|',
    ...SEVERITIES.slice().reverse().map((sev) => `| ${sev} | ${s.bySeverity[sev]} |`),
    `| unknown | ${s.unknown} |`,
    '',
  ];
  const byRule = new Map<string, number>();
  for (const f of active) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  if (byRule.size > 0) {
    head.push('| Rule | Title | Findings |', '|---|---|---:|');
    for (const [id, n] of [...byRule.entries()].sort()) {
      const meta = findRule(id)?.meta;
      head.push(`| ${mdText(id)} ${mdText(meta?.name ?? '')} | ${mdText(meta?.title ?? '')} | ${n} |`);
    }
    head.push('');
  }
  const bucketSections: string[][] = groupByResource(active).map((g) => [
    `<details open><summary><b>${mdText(g.title)}</b> (${mdText(g.kind)} ${mdCode(g.address)}): ${g.findings.length} finding${g.findings.length === 1 ? '' : 's'}</summary>`,
    '',
    '| Severity | Rule | Where | Finding |',
    '|---|---|---|---|',
    ...g.findings.map(findingRow),
    '',
    '</details>',
    '',
  ]);
  const tail: string[] = [];
  if (active.length > 0) tail.push('#### How to fix', '', ...fixSection(active));
  if (suppressed.length > 0) {
    tail.push(`#### Suppressed (${suppressed.length})`, '');
    for (const f of suppressed) tail.push(`- ${mdText(f.ruleId)} ${mdCode(locationText(f.at))} ${mdText(f.resource.name ?? f.resource.address)}: ${mdText(f.suppressions!.map((x) => x.justification).join('; '))}`);
    tail.push('');
  }
  if (report.errors.length > 0) tail.push('#### Notes and input errors', '', ...report.errors.map(noteLine), '');

  let size = [...head, ...tail].join('\n').length;
  const body: string[] = [];
  let left = 0;
  for (const section of bucketSections) {
    const text = section.join('\n');
    if (size + text.length > MARKDOWN_LIMIT) {
      left++;
      continue;
    }
    size += text.length;
    body.push(...section);
  }
  if (left > 0) body.push(`> ${left} more resource${left === 1 ? '' : 's'} with findings not shown (comment size limit); see the SARIF or HTML report.`, '');
  return [...head, ...body, ...tail].join('\n');
};
