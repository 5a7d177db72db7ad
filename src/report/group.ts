/** Shared by the markdown and HTML reports: findings grouped per resource, and where each points. */
import type { Finding } from '../engine/finding.js';
import { severityRank } from '../engine/severity.js';
import type { Provenance } from '../model/index.js';

export interface ResourceGroup {
  /** Bucket name when known, else the resource address. */
  title: string;
  address: string;
  kind: Finding['resource']['kind'];
  findings: Finding[];
}

export function isSuppressed(f: Finding): boolean {
  return f.suppressions !== undefined && f.suppressions.length > 0;
}

/** Highest severity first, then rule, then location order (the input order). */
export function bySeverity(a: Finding, b: Finding): number {
  const ra = a.kind === 'unknown' ? -1 : severityRank(a.severity);
  const rb = b.kind === 'unknown' ? -1 : severityRank(b.severity);
  if (ra !== rb) return rb - ra;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

export function groupByResource(findings: Finding[]): ResourceGroup[] {
  const groups = new Map<string, ResourceGroup>();
  for (const f of findings) {
    const key = `${f.resource.kind}\u0000${f.resource.address}`;
    let g = groups.get(key);
    if (!g) {
      g = { title: f.resource.name ?? f.resource.address, address: f.resource.address, kind: f.resource.kind, findings: [] };
      groups.set(key, g);
    }
    g.findings.push(f);
  }
  const out = [...groups.values()];
  for (const g of out) g.findings.sort(bySeverity);
  // Groups with the worst finding first; ties by title.
  return out.sort((a, b) => bySeverity(a.findings[0]!, b.findings[0]!) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
}

export function locationText(at: Provenance): string {
  return at.kind === 'source' ? `${at.file}:${at.startLine}:${at.startColumn}` : `${at.call} ${at.resource}`;
}

/** The documentation format that fits the finding's source, for "how to fix" snippets. */
export function fixFormatOf(f: Finding): 'terraform' | 'cloudformation' | 'snapshot' | 'cli' {
  const s = f.context?.source;
  if (s === 'terraform' || s === 'terraform-plan') return 'terraform';
  if (s === 'cloudformation') return 'cloudformation';
  if (s === 'aws') return 'cli';
  if (f.at.kind === 'source') {
    if (/\.tf(\.json)?$/.test(f.at.file)) return 'terraform';
    if (/\.s3lint\.json$/.test(f.at.file)) return 'snapshot';
    if (/\.(ya?ml|template|json)$/.test(f.at.file)) return 'cloudformation';
  }
  return 'cli';
}
