import { writeFileSync } from 'node:fs';
import type { Finding, InputError } from '../engine/finding.js';
import { atLeast, isSeverity, type Severity } from '../engine/severity.js';
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

export function emitReport(report: Report, format: string, outputFile: string | undefined): void {
  const reporter = REPORTERS[checkFormat(format)]!;
  const text = reporter(report, { color: useColor(process.stdout, outputFile !== undefined) });
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
