/**
 * Engine configuration: which rules run, at which severity, with which options.
 * The configuration file (s3lint.config.json/.yaml) and the CLI both end up here.
 */
import type { Rule } from './rule.js';
import type { Severity } from './severity.js';
import { allRules, findRule } from './registry.js';

export const PRESETS = ['recommended', 'strict', 'fsbp'] as const;
export type Preset = (typeof PRESETS)[number];

export interface RuleConfig {
  enabled?: boolean;
  severity?: Severity;
  options?: Record<string, unknown>;
}

export interface EngineConfig {
  preset?: string;
  /** Keyed by rule id, name or alias. */
  rules?: Record<string, RuleConfig>;
}

export interface ResolvedRule {
  rule: Rule<any>;
  severity: Severity;
  /** True when the configuration set the severity: it then wins over the severity a rule picks per finding. */
  severityOverridden: boolean;
  options: Record<string, unknown>;
}

export class ConfigError extends Error {}

function inPreset(rule: Rule<any>, preset: string): boolean {
  if (preset === 'strict') return true;
  if (preset === 'recommended') return rule.meta.enabledByDefault || rule.meta.presets.includes('recommended');
  return rule.meta.presets.includes(preset);
}

/** The rules that run, in catalog order. Unknown rule keys and presets are configuration errors. */
export function resolveRules(config: EngineConfig = {}): ResolvedRule[] {
  const preset = config.preset ?? 'recommended';
  if (!(PRESETS as readonly string[]).includes(preset)) {
    throw new ConfigError(`unknown preset "${preset}" (expected one of ${PRESETS.join(', ')})`);
  }
  const overrides = new Map<string, RuleConfig>();
  for (const [key, value] of Object.entries(config.rules ?? {})) {
    const rule = findRule(key);
    if (!rule) throw new ConfigError(`unknown rule "${key}" in configuration (see \`s3lint rules\`)`);
    overrides.set(rule.meta.id, { ...overrides.get(rule.meta.id), ...value });
  }
  const out: ResolvedRule[] = [];
  for (const rule of allRules()) {
    const o = overrides.get(rule.meta.id) ?? {};
    if (!(o.enabled ?? inPreset(rule, preset))) continue;
    out.push({
      rule,
      severity: o.severity ?? rule.meta.defaultSeverity,
      severityOverridden: o.severity !== undefined,
      options: { ...(rule.meta.defaultOptions ?? {}), ...(o.options ?? {}) },
    });
  }
  return out;
}
