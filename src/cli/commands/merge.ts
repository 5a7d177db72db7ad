/**
 * `s3lint merge`: combines the SARIF or JSON reports of several runs (e.g. the shards of an
 * organization audit) into one report. SARIF runs of the same tool and category become one run, because
 * GitHub code scanning rejects several runs with the same category in one upload.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type * as Sarif from 'sarif';
import type { Finding, InputError } from '../../engine/finding.js';
import { summarize } from '../../report/summary.js';
import { UsageError } from '../errors.js';

export type ReportFormat = 'sarif' | 'json';

interface JsonReport {
  s3lintReport: number;
  tool: { name: string; version: string };
  summary?: unknown;
  findings: Finding[];
  errors: InputError[];
  files: string[];
  [extra: string]: unknown;
}

export function detectFormat(doc: unknown): ReportFormat | undefined {
  if (typeof doc !== 'object' || doc === null) return undefined;
  if ('runs' in doc && Array.isArray((doc as Sarif.Log).runs)) return 'sarif';
  if ('s3lintReport' in doc && Array.isArray((doc as JsonReport).findings)) return 'json';
  return undefined;
}

function runKey(run: Sarif.Run): string {
  return `${run.tool.driver.name}\u0000${run.automationDetails?.id ?? ''}`;
}

function resultKey(r: Sarif.Result): string {
  return JSON.stringify([r.ruleId, r.partialFingerprints ?? null, r.locations?.[0] ?? null, r.message.text ?? null]);
}

/** Merges runs that share tool and category: rules united by id, results de-duplicated, invocations kept. */
function mergeRuns(runs: Sarif.Run[]): Sarif.Run {
  const first = runs[0]!;
  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIds = new Map<string, number>();
  for (const run of runs) {
    for (const rule of run.tool.driver.rules ?? []) {
      if (!ruleIds.has(rule.id)) {
        ruleIds.set(rule.id, rules.length);
        rules.push(rule);
      }
    }
  }
  const seen = new Set<string>();
  const results: Sarif.Result[] = [];
  for (const run of runs) {
    const own = run.tool.driver.rules ?? [];
    for (const result of run.results ?? []) {
      const ruleId = result.ruleId ?? (result.ruleIndex !== undefined ? own[result.ruleIndex]?.id : undefined);
      const copy: Sarif.Result = { ...result };
      if (ruleId !== undefined) {
        copy.ruleId = ruleId;
        const index = ruleIds.get(ruleId);
        if (index !== undefined) copy.ruleIndex = index;
        else delete copy.ruleIndex;
      }
      const key = resultKey(copy);
      if (seen.has(key)) continue;
      seen.add(key);
      results.push(copy);
    }
  }
  const merged: Sarif.Run = {
    ...first,
    tool: { ...first.tool, driver: { ...first.tool.driver, rules } },
    invocations: runs.flatMap((r) => r.invocations ?? []),
    results,
  };
  if (runs.some((r) => r.artifacts !== undefined)) {
    // Artifact indexes are per run; locations here carry URIs, so the indexes are dropped.
    merged.artifacts = [...new Map(runs.flatMap((r) => r.artifacts ?? []).map((a) => [a.location?.uri ?? '', { ...a, parentIndex: undefined }])).values()];
  }
  return merged;
}

export function mergeSarif(logs: Sarif.Log[]): Sarif.Log {
  const groups = new Map<string, Sarif.Run[]>();
  for (const log of logs) {
    for (const run of log.runs) groups.set(runKey(run), [...(groups.get(runKey(run)) ?? []), run]);
  }
  return {
    $schema: logs[0]?.$schema ?? 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [...groups.values()].map(mergeRuns),
  };
}

function findingKey(f: Finding): string {
  return `${f.fingerprint}\u0000${JSON.stringify(f.at)}`;
}

export function mergeJson(reports: JsonReport[]): JsonReport {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const r of reports) {
    for (const f of r.findings) {
      if (seen.has(findingKey(f))) continue;
      seen.add(findingKey(f));
      findings.push(f);
    }
  }
  const errorKeys = new Set<string>();
  const errors = reports.flatMap((r) => r.errors).filter((e) => {
    const key = JSON.stringify(e);
    if (errorKeys.has(key)) return false;
    errorKeys.add(key);
    return true;
  });
  const files = [...new Set(reports.flatMap((r) => r.files))].sort();
  const first = reports[0]!;
  return {
    s3lintReport: first.s3lintReport,
    tool: first.tool,
    summary: summarize({ findings, errors, files, cwd: '', toolVersion: first.tool.version }),
    findings,
    errors,
    files,
  };
}

/** Merges parsed reports of one format. Throws a UsageError when formats are mixed or unknown. */
export function mergeReports(docs: { name: string; doc: unknown }[]): { format: ReportFormat; text: string } {
  if (docs.length === 0) throw new UsageError('merge needs at least one report');
  const formats = docs.map(({ name, doc }) => {
    const format = detectFormat(doc);
    if (format === undefined) throw new UsageError(`${name}: not an s3lint SARIF or JSON report`);
    return format;
  });
  const format = formats[0]!;
  if (formats.some((f) => f !== format)) throw new UsageError('merge: all reports must have the same format (all SARIF or all JSON)');
  const merged = format === 'sarif' ? mergeSarif(docs.map((d) => d.doc as Sarif.Log)) : mergeJson(docs.map((d) => d.doc as JsonReport));
  return { format, text: JSON.stringify(merged, null, 2) + '\n' };
}

function readReport(file: string): { name: string; doc: unknown } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return { name: file, doc: JSON.parse(text) as unknown };
  } catch {
    throw new UsageError(`${file}: not valid JSON`);
  }
}

export function register(program: Command): void {
  program
    .command('merge')
    .description('Combine SARIF or JSON reports of several runs (e.g. audit shards) into one report')
    .argument('<reports...>', 'report files, all SARIF or all JSON')
    .option('-o, --output <file>', 'write the merged report to a file instead of stdout')
    .addOption(new Option('-f, --format <format>', 'expected input and output format (default: detected)').choices(['sarif', 'json']))
    .action((files: string[], opts: { output?: string; format?: ReportFormat }) => {
      const { format, text } = mergeReports(files.map(readReport));
      if (opts.format !== undefined && opts.format !== format) throw new UsageError(`--format ${opts.format}: the reports are ${format}`);
      if (opts.output !== undefined) writeFileSync(opts.output, text);
      else process.stdout.write(text);
    });
}
