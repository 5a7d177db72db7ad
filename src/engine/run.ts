import type { Estate, Provenance, ResourceContext } from '../model/index.js';
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

interface IndexedContext {
  /** Directory of the resource's declaration, to tell apart resources of several configurations at one address. */
  dir: string | undefined;
  context: ResourceContext;
}

function directoryOf(at: Provenance): string | undefined {
  return at.kind === 'source' ? at.file.slice(0, Math.max(0, at.file.lastIndexOf('/'))) : undefined;
}

function contextIndex(estate: Estate): Map<string, IndexedContext[]> {
  const map = new Map<string, IndexedContext[]>();
  for (const r of allResources(estate)) {
    if (!r.context) continue;
    const entry = { dir: directoryOf(r.at), context: r.context };
    const list = map.get(r.address);
    if (list) list.push(entry);
    else map.set(r.address, [entry]);
  }
  return map;
}

/**
 * The context of the resource a finding is about. Root directories scanned together can each declare the
 * same address (module.s3.aws_s3_bucket.this): then the one declared in the finding's directory.
 */
function contextFor(index: Map<string, IndexedContext[]>, address: string, at: Provenance): ResourceContext | undefined {
  const list = index.get(address);
  if (!list || list.length === 1) return list?.[0]?.context;
  const dir = directoryOf(at);
  return (list.find((c) => c.dir === dir) ?? list[0])?.context;
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
      const context = contextFor(contexts, f.resource.address, f.at);
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
