/**
 * Storage-class facts for lifecycle transitions (s3-semantics.md §4.3, S3UG storage-class-intro and
 * lifecycle-transition-general-considerations).
 */
import type { LifecycleRule, LifecycleTransition } from '../../src/model/index.js';

/** CloudFormation also accepts "Glacier". */
export function normalizeStorageClass(s: string): string {
  return s.toUpperCase();
}

/** Minimum storage duration in days; a class absent here has none. */
export const MINIMUM_DAYS: Record<string, number> = {
  STANDARD_IA: 30,
  ONEZONE_IA: 30,
  GLACIER_IR: 90,
  GLACIER: 90,
  DEEP_ARCHIVE: 180,
};

export const CLASS_LABELS: Record<string, string> = {
  STANDARD: 'S3 Standard',
  STANDARD_IA: 'Standard-IA',
  ONEZONE_IA: 'One Zone-IA',
  INTELLIGENT_TIERING: 'Intelligent-Tiering',
  GLACIER_IR: 'Glacier Instant Retrieval',
  GLACIER: 'Glacier Flexible Retrieval',
  DEEP_ARCHIVE: 'Glacier Deep Archive',
  REDUCED_REDUNDANCY: 'Reduced Redundancy',
};

export function classLabel(c: string): string {
  return CLASS_LABELS[c] ?? c;
}

/** Supported lifecycle waterfall: from a class, the classes a later transition may go to. */
export const ALLOWED_NEXT: Record<string, readonly string[]> = {
  STANDARD: ['STANDARD_IA', 'INTELLIGENT_TIERING', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'],
  STANDARD_IA: ['INTELLIGENT_TIERING', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'],
  INTELLIGENT_TIERING: ['ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'],
  ONEZONE_IA: ['GLACIER', 'DEEP_ARCHIVE'],
  GLACIER_IR: ['GLACIER', 'DEEP_ARCHIVE'],
  GLACIER: ['DEEP_ARCHIVE'],
  DEEP_ARCHIVE: [],
};

/** Classes that objects under 128 KB do not transition to under the varies_by_storage_class behaviour. */
export const SMALL_OBJECT_BLOCKED_LEGACY = new Set(['STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR']);

export function isEnabled(rule: LifecycleRule): boolean | 'unknown' {
  return rule.status.known ? rule.status.value === 'Enabled' : 'unknown';
}

export function ruleLabel(rule: LifecycleRule, index: number): string {
  return rule.id?.known && rule.id.value !== '' ? `lifecycle rule "${rule.id.value}"` : `lifecycle rule #${index + 1}`;
}

export interface TimedTransition {
  t: LifecycleTransition;
  storageClass: string;
  days: number;
}

/** Transitions with a known class and a known day count, in day order. Date-based ones are left out. */
export function timedTransitions(list: LifecycleTransition[]): TimedTransition[] {
  const out: TimedTransition[] = [];
  for (const t of list) {
    if (!t.storageClass.known || !t.days?.known) continue;
    out.push({ t, storageClass: normalizeStorageClass(t.storageClass.value), days: t.days.value });
  }
  return out.sort((a, b) => a.days - b.days);
}
