/**
 * GitHub Actions workflow commands (`::error file=...,line=...::message`) for plain CI logs.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import type { Finding, InputError } from '../engine/finding.js';
import { scopeText, summarize } from './summary.js';
import type { Report, Reporter } from './types.js';

/** Message data: %, CR and LF are escaped. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally escape `:` and `,`, which separate properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(level: 'error' | 'warning' | 'notice', props: [string, string | number | undefined][], message: string): string {
  const p = props.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${level}${p.length > 0 ? ' ' + p.join(',') : ''}::${escapeData(message)}`;
}

function levelOf(f: Finding): 'error' | 'warning' | 'notice' {
  if (f.kind === 'unknown') return 'notice';
  if (f.severity === 'critical' || f.severity === 'high') return 'error';
  if (f.severity === 'medium') return 'warning';
  return 'notice';
}

function findingLine(f: Finding): string {
  const title = `${f.ruleId} ${f.ruleName} (${f.kind === 'unknown' ? 'unknown' : f.severity})`;
  if (f.at.kind === 'source') {
    const endLine = f.at.endLine > f.at.startLine ? f.at.endLine : undefined;
    return command(levelOf(f), [['file', f.at.file], ['line', f.at.startLine], ['endLine', endLine], ['col', f.at.startColumn], ['title', title]], f.message);
  }
  return command(levelOf(f), [['title', title]], `${f.message} (${f.at.call} ${f.at.resource})`);
}

function errorLine(e: InputError): string {
  const level = e.level === 'note' ? 'notice' : e.level === 'warning' ? 'warning' : 'error';
  const file = e.file.startsWith('<') ? undefined : e.file;
  return command(level, [['file', file], ['line', e.line], ['col', e.column], ['title', `s3lint ${level === 'error' ? 'input error' : level}`]], file ? e.message : `${e.file}: ${e.message}`);
}

export const githubReporter: Reporter = (report: Report) => {
  const out: string[] = [];
  for (const f of report.findings) {
    if (f.suppressions && f.suppressions.length > 0) continue;
    if (f.kind === 'unknown' && report.showUnknown === false) continue;
    out.push(findingLine(f));
  }
  for (const e of report.errors) out.push(errorLine(e));
  const s = summarize(report);
  out.push(`s3lint: ${s.findings} finding${s.findings === 1 ? '' : 's'}, ${s.unknown} unknown, ${s.suppressed} suppressed, ${s.inputErrors} input error${s.inputErrors === 1 ? '' : 's'} in ${scopeText(report)}`);
  return out.join('\n') + '\n';
};
