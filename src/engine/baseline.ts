/**
 * Baselines: the findings of a known state, by fingerprint, so `check --baseline` reports only new ones.
 * An entry also records a digest of what the finding says (rule, kind, severity, message): a finding on
 * the same setting whose value or severity changed is new again, while moving or renaming files is not.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Finding } from './finding.js';
import { ConfigError } from './config.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  digest: string;
  ruleId: string;
  resource: string;
  path: string;
  severity: string;
}

export interface Baseline {
  s3lintBaseline: number;
  toolVersion: string;
  findings: BaselineEntry[];
}

export function findingDigest(f: Finding): string {
  return createHash('sha256').update([f.ruleId, f.kind, f.severity, f.message].join('\u0000')).digest('hex').slice(0, 16);
}

/** Findings worth recording: everything not suppressed (violations and unknowns). */
export function buildBaseline(findings: Finding[], toolVersion: string): Baseline {
  const entries = findings
    .filter((f) => !(f.suppressions && f.suppressions.length > 0))
    .map((f) => ({ fingerprint: f.fingerprint, digest: findingDigest(f), ruleId: f.ruleId, resource: f.resource.address, path: f.path, severity: f.severity }));
  const unique = new Map(entries.map((e) => [`${e.fingerprint}:${e.digest}`, e]));
  const sorted = [...unique.values()].sort((a, b) => (a.fingerprint === b.fingerprint ? (a.digest < b.digest ? -1 : 1) : a.fingerprint < b.fingerprint ? -1 : 1));
  return { s3lintBaseline: BASELINE_VERSION, toolVersion, findings: sorted };
}

export function writeBaseline(file: string, baseline: Baseline): void {
  writeFileSync(file, JSON.stringify(baseline, null, 2) + '\n');
}

/** `shown` is the path as the user wrote it, for messages. */
export function readBaseline(path: string, file = path): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ConfigError(`--baseline ${file}: ${err.code === 'ENOENT' ? 'no such file' : `not a baseline file (${err.message})`}`);
  }
  const b = raw as Partial<Baseline>;
  if (typeof raw !== 'object' || raw === null || b.s3lintBaseline !== BASELINE_VERSION || !Array.isArray(b.findings)) {
    throw new ConfigError(`--baseline ${file}: not an s3lint baseline (expected {"s3lintBaseline": ${BASELINE_VERSION}, "findings": [...]}; create one with \`s3lint baseline\`)`);
  }
  for (const [i, e] of b.findings.entries()) {
    if (typeof e?.fingerprint !== 'string' || typeof e?.digest !== 'string') throw new ConfigError(`--baseline ${file}: /findings/${i} needs "fingerprint" and "digest"`);
  }
  return b as Baseline;
}

export interface BaselineComparison {
  /** Findings not in the baseline (suppressed findings are kept: they are not baseline business). */
  findings: Finding[];
  /** Current findings hidden because the baseline has them. */
  known: number;
  /** Baseline entries no longer found. */
  fixed: number;
}

export function compareWithBaseline(findings: Finding[], baseline: Baseline): BaselineComparison {
  const recorded = new Set(baseline.findings.map((e) => `${e.fingerprint}:${e.digest}`));
  const matched = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    const key = `${f.fingerprint}:${findingDigest(f)}`;
    if (!(f.suppressions && f.suppressions.length > 0) && recorded.has(key)) {
      matched.add(key);
      continue;
    }
    out.push(f);
  }
  return { findings: out, known: findings.length - out.length, fixed: [...recorded].filter((k) => !matched.has(k)).length };
}
