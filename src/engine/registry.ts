import { RULES } from '../../rules/index.js';
import type { Rule } from './rule.js';

/** All rules, and lookup by id, name or alias (case-insensitive). */
export function allRules(): readonly Rule<any>[] {
  return RULES;
}

export function findRule(idOrName: string): Rule<any> | undefined {
  const key = idOrName.toLowerCase();
  return RULES.find(
    (r) => r.meta.id.toLowerCase() === key || r.meta.name === key || (r.meta.aliases ?? []).some((a) => a.toLowerCase() === key),
  );
}
