/**
 * Findings on condition variants (`Stack::Bucket[IsProd=false]`: a loader builds a resource once per
 * value of a condition it cannot decide, see src/loaders/cloudformation/variants.ts), merged back:
 * - a finding that every variant of a resource has (same rule, setting, location and message) does not
 *   depend on the condition: it becomes one finding on the base address;
 * - a finding only some variants have depends on the condition: it stays on the variant, and its message
 *   says which condition values lead to it.
 * Pure over findings and the estate; runRules applies it after the rules.
 */
import type { Finding } from './finding.js';
import { fingerprint } from './fingerprint.js';
import type { Estate, ResourceContext } from '../model/index.js';
import { allResources } from '../model/index.js';
import { locationKey } from './location-key.js';

const VARIANT = /^(.*)\[([^\]]+)\]$/;
const ASSUMPTION_LABEL = /^assuming condition /;

interface VariantName {
  base: string;
  assumptions: string;
}

function parseVariant(address: string): VariantName | undefined {
  const m = VARIANT.exec(address);
  return m ? { base: m[1]!, assumptions: m[2]! } : undefined;
}

function describeAssumptions(assumptions: string): string {
  return assumptions
    .split(',')
    .map((a) => {
      const [name, value] = a.split('=');
      return `condition ${name} is ${value}`;
    })
    .join(' and ');
}

function variantsByBase(estate: Estate): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of allResources(estate)) {
    if (!(r.context?.via ?? []).some((v) => ASSUMPTION_LABEL.test(v.label))) continue;
    const v = parseVariant(r.address);
    if (!v) continue;
    const set = out.get(v.base) ?? new Set<string>();
    set.add(r.address);
    out.set(v.base, set);
  }
  return out;
}

function sharedAssumptions(lists: string[]): string[] {
  const [first, ...rest] = lists.map((l) => l.split(','));
  return (first ?? []).filter((a) => rest.every((r) => r.includes(a)));
}

/** The context without the assumption entries, except those for the `shared` `Name=value` assumptions. */
function keepAssumptions(context: ResourceContext | undefined, shared: string[]): ResourceContext | undefined {
  if (!context) return undefined;
  const kept = shared.map((a) => {
    const [name, value] = a.split('=');
    return `assuming condition ${name} is ${value} `;
  });
  const via = (context.via ?? []).filter((v) => !ASSUMPTION_LABEL.test(v.label) || kept.some((k) => v.label.startsWith(k)));
  const rest: ResourceContext = { ...context };
  delete rest.via;
  return via.length > 0 ? { ...rest, via } : rest;
}

export function mergeConditionVariants(findings: Finding[], estate: Estate): Finding[] {
  const variants = variantsByBase(estate);
  if (variants.size === 0) return findings;
  const groups = new Map<string, { base: string; members: Finding[] }>();
  const order: (Finding | string)[] = [];
  for (const f of findings) {
    const v = parseVariant(f.resource.address);
    if (!v || !variants.get(v.base)?.has(f.resource.address)) {
      order.push(f);
      continue;
    }
    const message = f.message.split(f.resource.address).join(v.base);
    const key = [f.ruleId, f.kind, v.base, f.path, locationKey(f.at), message].join('\u0000');
    let group = groups.get(key);
    if (!group) {
      group = { base: v.base, members: [] };
      groups.set(key, group);
      order.push(key);
    }
    group.members.push(f);
  }
  const out: Finding[] = [];
  for (const item of order) {
    if (typeof item !== 'string') {
      out.push(item);
      continue;
    }
    const { base, members } = groups.get(item)!;
    const covered = new Set(members.map((m) => m.resource.address));
    const everyVariant = [...variants.get(base)!].every((a) => covered.has(a));
    if (everyVariant) {
      // Assumptions shared by every variant (e.g. the resource's own Condition) still hold for the merged finding.
      const shared = sharedAssumptions(members.map((m) => parseVariant(m.resource.address)!.assumptions));
      const address = shared.length > 0 ? `${base}[${shared.join(',')}]` : base;
      const first = members[0]!;
      const merged: Finding = {
        ...first,
        resource: { ...first.resource, address },
        message: first.message.split(first.resource.address).join(address),
        fingerprint: fingerprint(first.ruleId, { ...first, resource: { ...first.resource, address } }),
      };
      const context = keepAssumptions(first.context, shared);
      if (context) merged.context = context;
      else delete merged.context;
      out.push(merged);
      continue;
    }
    for (const m of members) {
      const v = parseVariant(m.resource.address)!;
      out.push({ ...m, message: `${m.message} (Only when ${describeAssumptions(v.assumptions)}.)` });
    }
  }
  return out;
}
