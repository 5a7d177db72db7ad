import type { Finding, InputError } from '../engine/finding.js';
import { SEVERITIES } from '../engine/severity.js';
import type { Provenance } from '../model/index.js';
import { scopeText, summarize } from './summary.js';
import type { Report, Reporter } from './types.js';

const COLORS = { critical: '\x1b[35m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', info: '\x1b[90m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

function groupKey(at: Provenance): string {
  return at.kind === 'source' ? at.file : at.resource;
}

function position(at: Provenance): string {
  return at.kind === 'source' ? `${at.startLine}:${at.startColumn}` : at.call;
}

function where(at: Provenance): string {
  return at.kind === 'source' ? `${at.file}:${at.startLine}` : `${at.call} ${at.resource}`;
}

export const textReporter: Reporter = (report: Report, { color }) => {
  const c = (code: keyof typeof COLORS, s: string) => (color ? `${COLORS[code]}${s}${COLORS.reset}` : s);
  const out: string[] = [];
  const shown = report.findings.filter((f) => report.showUnknown !== false || f.kind !== 'unknown');
  const groups = new Map<string, Finding[]>();
  for (const f of shown) {
    const key = groupKey(f.at);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  for (const [file, findings] of groups) {
    out.push(c('bold', file));
    const width = Math.max(...findings.map((f) => position(f.at).length));
    for (const f of findings) {
      const suppressed = f.suppressions && f.suppressions.length > 0;
      const level = f.kind === 'unknown' ? 'unknown' : f.severity;
      const sev = f.kind === 'unknown' ? c('info', level.padEnd(8)) : c(f.severity, level.padEnd(8));
      const line = `  ${position(f.at).padEnd(width)}  ${sev} ${f.ruleId}  ${f.message} ${c('dim', `[${f.ruleName}]`)}`;
      out.push(suppressed ? c('dim', `${line} (suppressed: ${f.suppressions!.map((s) => s.justification).join('; ')})`) : line);
      for (const via of f.context?.via ?? []) out.push(c('dim', `  ${' '.repeat(width)}  via ${via.label} at ${where(via.at)}`));
      if (f.context?.cdkPath) out.push(c('dim', `  ${' '.repeat(width)}  construct ${f.context.cdkPath}`));
      for (const r of f.related) out.push(c('dim', `  ${' '.repeat(width)}  ${r.message} (${where(r.at)})`));
    }
    out.push('');
  }
  const errors = report.errors;
  if (errors.length > 0) {
    out.push(c('bold', 'Input errors'));
    for (const e of errors) out.push(`  ${formatInputError(e)}`);
    out.push('');
  }
  const s = summarize(report);
  const parts = SEVERITIES.slice()
    .reverse()
    .filter((sev) => s.bySeverity[sev] > 0)
    .map((sev) => `${s.bySeverity[sev]} ${sev}`);
  const findingText = `${s.findings} finding${s.findings === 1 ? '' : 's'}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
  const extra = [
    s.unknown > 0 ? `${s.unknown} unknown` : '',
    s.suppressed > 0 ? `${s.suppressed} suppressed` : '',
    s.inputErrors > 0 ? `${s.inputErrors} input error${s.inputErrors === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  const mark = s.findings > 0 || s.inputErrors > 0 ? c('high', '✖') : c('low', '✔');
  out.push(`${mark} ${[findingText, ...extra].join(', ')} in ${scopeText(report)}`);
  return out.join('\n') + '\n';
};

export function formatInputError(e: InputError): string {
  const loc = e.line !== undefined ? `${e.file}:${e.line}${e.column !== undefined ? `:${e.column}` : ''}` : e.file;
  const level = e.level && e.level !== 'error' ? `${e.level}: ` : 'error: ';
  return `${loc}: ${level}${e.message}`;
}
