import { writeFileSync } from 'node:fs';
import type { Finding, InputError } from '../engine/finding.js';
import { atLeast, isSeverity, severityRank, type Severity } from '../engine/severity.js';
import { REPORTERS, type Report } from '../report/index.js';
import { isActive } from '../report/summary.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError } from './errors.js';

export function parseSeverity(value: string, option: string): Severity {
  const v = value.toLowerCase();
  if (!isSeverity(v)) throw new UsageError(`${option} must be one of info, low, medium, high, critical (got "${value}")`);
  return v;
}

export function checkFormat(format: string): string {
  if (!(format in REPORTERS)) throw new UsageError(`--format must be one of ${Object.keys(REPORTERS).join(', ')} (got "${format}")`);
  return format;
}

/** Colour only on a terminal, and never with NO_COLOR set (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream, toFile: boolean): boolean {
  return !toFile && stream.isTTY === true && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') && process.env.TERM !== 'dumb';
}

/** GitHub code scanning limits (docs.github.com, "SARIF support for code scanning"). */
export const SARIF_LIMITS = { resultsPerRun: 25_000, locationsPerResult: 1_000 } as const;

/**
 * Keep a SARIF upload within GitHub's limits: at most 25,000 results (the most severe unsuppressed ones
 * are kept) and 1,000 related locations per result, with a note saying what was left out.
 */
export function fitSarifLimits(report: Report, limits: { resultsPerRun: number; locationsPerResult: number } = SARIF_LIMITS): Report {
  const notes: InputError[] = [];
  let findings = report.findings.map((f) => {
    const room = limits.locationsPerResult - (f.context?.via?.length ?? 0);
    return f.related.length > room ? { ...f, related: f.related.slice(0, Math.max(0, room)) } : f;
  });
  const trimmed = findings.filter((f, i) => f !== report.findings[i]).length;
  if (trimmed > 0) notes.push({ file: '<sarif>', level: 'warning', message: `related locations of ${trimmed} result${trimmed === 1 ? '' : 's'} cut to ${limits.locationsPerResult} (GitHub's limit per result)` });
  if (findings.length > limits.resultsPerRun) {
    const rank = (f: Finding) => (f.suppressions && f.suppressions.length > 0 ? -2 : f.kind === 'unknown' ? -1 : severityRank(f.severity));
    const order = findings.map((f, i) => ({ f, i })).sort((a, b) => rank(b.f) - rank(a.f) || a.i - b.i);
    const keep = new Set(order.slice(0, limits.resultsPerRun).map((x) => x.i));
    const dropped = findings.length - keep.size;
    findings = findings.filter((_, i) => keep.has(i));
    notes.push({
      file: '<sarif>',
      level: 'warning',
      message: `${dropped} result${dropped === 1 ? '' : 's'} left out: GitHub accepts at most ${limits.resultsPerRun} results per run (the most severe were kept; use --format json for all, or split the scan with --category)`,
    });
  }
  return notes.length === 0 ? report : { ...report, findings, errors: [...report.errors, ...notes] };
}

export function emitReport(report: Report, format: string, outputFile: string | undefined): void {
  const reporter = REPORTERS[checkFormat(format)]!;
  const fitted = format === 'sarif' ? fitSarifLimits(report) : report;
  const text = reporter(fitted, { color: useColor(process.stdout, outputFile !== undefined) });
  if (outputFile) {
    writeFileSync(outputFile, text);
  } else {
    process.stdout.write(text);
  }
}

export function exitCodeFor(findings: Finding[], errors: InputError[], failOn: Severity): number {
  if (errors.some((e) => (e.level ?? 'error') === 'error')) return EXIT_ERROR;
  return findings.some((f) => isActive(f) && atLeast(f.severity, failOn)) ? EXIT_FINDINGS : EXIT_OK;
}

/** Collect repeated options: `--var a=1 --var b=2`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseAssignments(list: string[], option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${option} expects name=value (got "${item}")`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}
