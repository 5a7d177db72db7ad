import type { Estate, ResourceContext } from '../model/index.js';
import { allResources } from '../model/index.js';
import type { EngineConfig } from './config.js';
import { resolveRules } from './config.js';
import type { Finding, InputError } from './finding.js';
import { fingerprint } from './fingerprint.js';
import { mergeConditionVariants } from './condition-variants.js';
import { locationKey } from './location-key.js';
import type { FindingInput } from './rule.js';

export interface RunResult {
  findings: Finding[];
  /** A rule that threw: reported as an error (exit 2), never silently skipped. */
  errors: InputError[];
}

function contextIndex(estate: Estate): Map<string, ResourceContext> {
  const map = new Map<string, ResourceContext>();
  for (const r of allResources(estate)) {
    if (r.context) map.set(r.address, r.context);
  }
  return map;
}

/** Findings in report order: by location, then rule, then fingerprint. */
export function sortFindings(findings: Finding[]): Finding[] {
  // Location keys are computed once per finding, not once per comparison.
  const keyed = findings.map((f) => ({ f, key: locationKey(f.at) }));
  keyed.sort((a, b) => {
    if (a.key !== b.key) return a.key < b.key ? -1 : 1;
    if (a.f.ruleId !== b.f.ruleId) return a.f.ruleId < b.f.ruleId ? -1 : 1;
    return a.f.fingerprint < b.f.fingerprint ? -1 : a.f.fingerprint > b.f.fingerprint ? 1 : 0;
  });
  return keyed.map((k) => k.f);
}

export function runRules(estate: Estate, config: EngineConfig = {}): RunResult {
  const contexts = contextIndex(estate);
  const findings: Finding[] = [];
  const errors: InputError[] = [];
  const seen = new Set<string>();
  for (const { rule, severity, severityOverridden, options } of resolveRules(config)) {
    const report = (f: FindingInput): void => {
      const kind = f.kind ?? 'violation';
      const print = fingerprint(rule.meta.id, f);
      // The same setting reported twice (e.g. a bucket reached through two instances of one file) is one finding.
      const dedupe = `${print}\u0000${locationKey(f.at)}`;
      if (seen.has(dedupe)) return;
      seen.add(dedupe);
      const finding: Finding = {
        ruleId: rule.meta.id,
        ruleName: rule.meta.name,
        severity: kind === 'unknown' ? 'info' : severityOverridden ? severity : (f.severity ?? severity),
        kind,
        message: f.message,
        at: f.at,
        resource: f.resource,
        path: f.path,
        related: f.related ?? [],
        fingerprint: print,
      };
      const context = contexts.get(f.resource.address);
      if (context) finding.context = context;
      if (f.properties) finding.properties = f.properties;
      findings.push(finding);
    };
    try {
      rule.check({ estate, options, report });
    } catch (e) {
      errors.push({ file: `<rule ${rule.meta.id}>`, message: `internal error in rule ${rule.meta.id}: ${(e as Error).message}` });
    }
  }
  return { findings: sortFindings(mergeConditionVariants(findings, estate)), errors };
}
