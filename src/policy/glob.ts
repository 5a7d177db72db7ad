/** IAM wildcard and policy-variable handling shared by conditions, actions and resources. */

const POLICY_VARIABLE = /\$\{([^}]*)\}/g;
/** `${*}`, `${?}` and `${$}` are IAM's escapes for the literal characters. */
const ESCAPES: Record<string, string> = { '*': '\u0000STAR', '?': '\u0000QMARK', $: '$' };

/** True when the text contains an IAM policy variable other than the literal escapes `${*}`, `${?}`, `${$}`. */
export function hasPolicyVariable(text: string): boolean {
  if (!text.includes('${')) return false;
  for (const m of text.matchAll(POLICY_VARIABLE)) {
    if (!((m[1] ?? '') in ESCAPES)) return true;
  }
  return false;
}

/** True when the text has an unescaped `*` or `?`. */
export function hasWildcard(text: string): boolean {
  if (!text.includes('${')) return /[*?]/.test(text);
  return /[*?]/.test(text.replace(POLICY_VARIABLE, ''));
}

/** A value is "fixed" in BPA's sense: no wildcard and no policy variable. */
export function isFixedValue(text: string): boolean {
  return !hasWildcard(text) && !hasPolicyVariable(text);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Compiles an IAM pattern (`*` any run, `?` one character) to a RegExp. Escapes `${*}` `${?}` `${$}` are
 * literals. Callers must check hasPolicyVariable() first: other variables are not resolvable statically.
 */
export function globToRegExp(pattern: string, ignoreCase = false): RegExp {
  const marked = pattern.replace(POLICY_VARIABLE, (whole, name: string) => ESCAPES[name] ?? whole);
  let out = '';
  for (let i = 0; i < marked.length; i++) {
    const c = marked[i]!;
    if (c === '\u0000') {
      if (marked.startsWith('\u0000STAR', i)) { out += '\\*'; i += 4; continue; }
      if (marked.startsWith('\u0000QMARK', i)) { out += '\\?'; i += 5; continue; }
    }
    if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else out += escapeRegExp(c);
  }
  return new RegExp(`^${out}$`, ignoreCase ? 'i' : '');
}

const compiled = new Map<string, RegExp>();

export function globMatches(pattern: string, text: string, ignoreCase = false): boolean {
  // Most patterns are a literal or a literal with one trailing `*` (a bucket ARN and its objects): compare
  // those directly. Each bucket brings its own patterns, so compiling them all would outgrow any cache.
  if (!/[*?$]/.test(pattern)) return ignoreCase ? pattern.toLowerCase() === text.toLowerCase() : pattern === text;
  const star = pattern.indexOf('*');
  if (star === pattern.length - 1 && !/[?$]/.test(pattern)) {
    const prefix = pattern.slice(0, -1);
    return ignoreCase ? text.toLowerCase().startsWith(prefix.toLowerCase()) : text.startsWith(prefix);
  }
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let re = compiled.get(key);
  if (!re) {
    // Bounded so a huge estate with many distinct patterns cannot grow the cache without limit.
    if (compiled.size > 10_000) compiled.clear();
    re = globToRegExp(pattern, ignoreCase);
    compiled.set(key, re);
  }
  return re.test(text);
}

/** Replaces the literal escapes so a fixed value reads as the string IAM compares against. */
export function unescapeLiteral(text: string): string {
  return text.replace(POLICY_VARIABLE, (whole, name: string) => (name in ESCAPES ? name : whole));
}

/**
 * True when `pattern` matches `prefix + s` for every string s (what "covers every object of the bucket"
 * means for `arn:aws:s3:::bucket/` + key). A trailing `*` that can absorb the rest is both necessary and
 * sufficient: if `Q*` matches the prefix, the same `*` absorbs any suffix.
 */
export function coversEveryExtension(pattern: string, prefix: string, ignoreCase = false): boolean {
  if (hasPolicyVariable(pattern)) return false;
  if (!pattern.endsWith('*') || pattern.endsWith('${*}')) return false;
  return globMatches(pattern, prefix, ignoreCase);
}
