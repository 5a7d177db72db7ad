/**
 * Account lists and shards (--accounts, --shard i/n). Free of SDK imports: the CLI parses options
 * without loading the AWS SDK.
 */

export interface Shard {
  /** 1-based, as in `--shard 2/4`. */
  index: number;
  count: number;
}

/** Parses "i/n" (1 ≤ i ≤ n). Throws a usage message otherwise. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new Error(`--shard must be i/n with 1 <= i <= n (e.g. 2/4), got "${text}"`);
  return { index, count };
}

/**
 * The accounts of shard i of n: the sorted, de-duplicated ids dealt round-robin, so every account lands
 * in exactly one shard, shards differ in size by at most one, and every runner computes the same split.
 */
export function shardAccounts(ids: readonly string[], shard: Shard): string[] {
  return [...new Set(ids)].sort().filter((_, i) => i % shard.count === shard.index - 1);
}

/** Parses --accounts: ids separated by commas or whitespace. */
export function parseAccountList(text: string): string[] {
  const ids = text.split(/[\s,]+/).filter((s) => s !== '');
  const bad = ids.filter((id) => !/^\d{12}$/.test(id));
  if (bad.length > 0) throw new Error(`--accounts: not a 12-digit account id: ${bad.join(', ')}`);
  return ids;
}
