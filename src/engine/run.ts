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

export function compareFindings(a: Finding, b: Finding): number {
  const ka = locationKey(a.at);
  const kb = locationKey(b.at);
  if (ka !== kb) return ka < kb ? -1 : 1;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0;
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
  const merged = mergeConditionVariants(findings, estate);
  merged.sort(compareFindings);
  return { findings: merged, errors };
}
