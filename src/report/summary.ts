import type { Finding } from '../engine/finding.js';
import { SEVERITIES, type Severity } from '../engine/severity.js';
import type { Report } from './types.js';

export interface Summary {
  files: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  unknown: number;
  suppressed: number;
  inputErrors: number;
}

export function isActive(f: Finding): boolean {
  return f.kind === 'violation' && !(f.suppressions && f.suppressions.length > 0);
}

export function summarize(report: Report): Summary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let unknown = 0;
  let suppressed = 0;
  let findings = 0;
  for (const f of report.findings) {
    if (f.suppressions && f.suppressions.length > 0) suppressed++;
    else if (f.kind === 'unknown') unknown++;
    else {
      findings++;
      bySeverity[f.severity]++;
    }
  }
  return {
    files: report.files.length,
    findings,
    bySeverity,
    unknown,
    suppressed,
    inputErrors: report.errors.filter((e) => (e.level ?? 'error') === 'error').length,
  };
}

/**
 * What the run covered, for summary lines: "3 files" for file scans; a live audit reads no file, so
 * there it is the resources its findings are about ("12 resources").
 */
export function scopeText(report: Report): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (report.files.length > 0 || report.findings.every((f) => f.at.kind === 'source')) return plural(report.files.length, 'file');
  return plural(new Set(report.findings.map((f) => f.resource.address)).size, 'resource');
}
