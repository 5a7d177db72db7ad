/**
 * Action patterns against the S3 action list. "Does this Deny cover every action" is answered in two parts:
 * every S3 action known today, and every action S3 may add later (only `*`, `s3:*`-like patterns or a
 * NotAction do that, which is what BPA itself assumes: it "reviews policies for ... potential actions").
 */
import { coversEveryExtension, globMatches, hasPolicyVariable } from './glob.js';
import type { ListElement, Term } from './normalize.js';
import { S3_ACTIONS, type S3AccessLevel, type S3ActionScope } from './s3-actions.js';

export interface S3Action {
  name: string;
  /** "s3:GetObject" */
  qualified: string;
  level: S3AccessLevel;
  scope: S3ActionScope;
}

export const ALL_S3_ACTIONS: readonly S3Action[] = S3_ACTIONS.map(([name, level, scope]) => ({
  name,
  qualified: `s3:${name}`,
  level,
  scope,
}));

/** Action names are case-insensitive in IAM. */
export function actionPatternMatches(pattern: string, qualifiedAction: string): boolean {
  if (hasPolicyVariable(pattern)) return false;
  return globMatches(pattern, qualifiedAction, true);
}

/** True when the pattern matches every possible `s3:` action, present and future (`*`, `s3:*`, `S3:*`...). */
export function isUniversalS3Pattern(pattern: string): boolean {
  return coversEveryExtension(pattern, 's3:', true);
}

export interface ActionSet {
  /** Known S3 actions the element allows or denies. */
  actions: S3Action[];
  /** True when the element also reaches S3 actions added in the future. */
  future: boolean;
  unknown?: string;
}

const memo = new WeakMap<ListElement, Map<readonly S3Action[], ActionSet>>();
/**
 * Sets by what an element says (estates repeat the same few action lists on every bucket), so each distinct
 * list is matched against the action list once. Bounded: distinct lists are few, but inputs are hostile.
 */
const byContent = new WeakMap<readonly S3Action[], Map<string, ActionSet>>();
const CONTENT_CACHE_LIMIT = 10_000;

function contentKey(el: ListElement): string {
  const terms = el.terms.map((t) => (t.kind === 'literal' ? `l${t.text}` : `u${t.reason}`));
  return JSON.stringify([el.negated, el.unknown ?? null, terms]);
}

/** The S3 actions an Action / NotAction element names (NotAction: everything except). Memoised per element. */
export function actionsOf(el: ListElement | undefined, universe: readonly S3Action[] = ALL_S3_ACTIONS): ActionSet {
  if (!el) return computeActions(el, universe);
  let byUniverse = memo.get(el);
  if (!byUniverse) memo.set(el, (byUniverse = new Map()));
  let set = byUniverse.get(universe);
  if (!set) {
    let cache = byContent.get(universe);
    if (!cache) byContent.set(universe, (cache = new Map()));
    const key = contentKey(el);
    set = cache.get(key);
    if (!set) {
      if (cache.size >= CONTENT_CACHE_LIMIT) cache.clear();
      cache.set(key, (set = computeActions(el, universe)));
    }
    byUniverse.set(universe, set);
  }
  return set;
}

function computeActions(el: ListElement | undefined, universe: readonly S3Action[]): ActionSet {
  if (!el) return { actions: [], future: false, unknown: 'the statement has no Action' };
  if (el.unknown !== undefined) return { actions: [], future: false, unknown: el.unknown };
  const unknownTerm = el.terms.find((t): t is Extract<Term, { kind: 'unknown' }> => t.kind === 'unknown');
  const literals = el.terms.flatMap((t) => (t.kind === 'literal' ? [t.text] : []));
  const matched = universe.filter((a) => literals.some((p) => actionPatternMatches(p, a.qualified)));
  const universal = literals.some(isUniversalS3Pattern);
  if (el.negated) {
    // NotAction: an unknown excluded action could exclude anything, so the set is unknown.
    const set: ActionSet = { actions: universe.filter((a) => !matched.includes(a)), future: !universal };
    if (unknownTerm) set.unknown = unknownTerm.reason;
    return set;
  }
  const set: ActionSet = { actions: matched, future: universal };
  if (unknownTerm && !universal) set.unknown = unknownTerm.reason;
  return set;
}

export function isWriteLevel(a: S3Action): boolean {
  return a.level === 'write' || a.level === 'permissions' || a.level === 'tagging';
}

/** True when the pattern contains a wildcard (the "wildcard action" of cfn_nag F15 and peers). */
export function isWildcardAction(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** Actions named first in messages: the ones readers recognise and the ones that matter most. */
const PROMINENT = ['GetObject', 'PutObject', 'DeleteObject', 'ListBucket', 'PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketAcl', 'PutObjectAcl', 'DeleteBucket', 'GetBucketPolicy'];

function prominence(a: S3Action): number {
  const i = PROMINENT.indexOf(a.name);
  return i < 0 ? PROMINENT.length : i;
}

/** A short display list, best-known actions first: "s3:GetObject, s3:PutObject and 41 more". */
export function summarizeActions(actions: readonly S3Action[], max = 4): string {
  const names = [...actions].sort((a, b) => prominence(a) - prominence(b)).map((a) => a.qualified);
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
