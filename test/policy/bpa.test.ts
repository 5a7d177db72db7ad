import { describe, expect, it } from 'vitest';
import { emptyEstate, known, sourceRange, unknown, type Account, type Bucket, type PublicAccessBlock, type Value } from '../../src/model/index.js';
import { effectiveFlag, publicPolicyNeutralisation } from '../../src/policy/index.js';

const at = sourceRange('estate.s3lint.json', 1, 1);
const pab = (rpb: boolean, bpp: boolean): Value<PublicAccessBlock | null> =>
  known({ at, blockPublicAcls: known(true, at), ignorePublicAcls: known(true, at), blockPublicPolicy: known(bpp, at), restrictPublicBuckets: known(rpb, at) }, at);
const NONE: Value<PublicAccessBlock | null> = known(null, at);

function bucket(p: Value<PublicAccessBlock | null>, account?: string): Bucket {
  const k = <T>(v: T) => known(v, at);
  const b: Bucket = {
    address: 'b', name: k('b'), at, publicAccessBlock: p, policy: k(null), acl: k(null), ownership: k(null), lifecycle: k(null),
    encryption: k(null), versioning: k(null), logging: k(null), website: k(null), objectLock: k(null), replication: k(null), tags: k(null), keyLayouts: [],
  };
  if (account) b.account = k(account);
  return b;
}
function account(id: string, p: Value<PublicAccessBlock | null>, org?: 'all' | 'none'): Account {
  const a: Account = { address: id, id: known(id, at), at, publicAccessBlock: p };
  if (org) a.organizationPublicAccessBlock = known(org, at);
  return a;
}

describe('Block Public Access levels combine by OR per flag (s3-semantics.md §1.2)', () => {
  it('§1.2 bucket-level RestrictPublicBuckets neutralises a public policy', () => {
    const n = publicPolicyNeutralisation(emptyEstate(), bucket(pab(true, false)));
    expect(n).toMatchObject({ neutralised: true, by: 'restrictPublicBuckets' });
  });
  it('§1.2 account-level setting applies to the account\'s buckets', () => {
    const estate = { ...emptyEstate(), accounts: [account('111122223333', pab(true, true))] };
    expect(publicPolicyNeutralisation(estate, bucket(NONE, '111122223333')).by).toBe('restrictPublicBuckets');
  });
  it('§1.2 another account\'s settings do not apply', () => {
    const estate = { ...emptyEstate(), accounts: [account('444455556666', pab(true, true))] };
    expect(publicPolicyNeutralisation(estate, bucket(NONE, '111122223333')).neutralised).toBe(false);
  });
  it('§1.2 organization S3 policy "all" turns every flag on', () => {
    const estate = { ...emptyEstate(), accounts: [account('111122223333', NONE, 'all')] };
    expect(effectiveFlag(estate, bucket(NONE, '111122223333'), 'restrictPublicBuckets').onAt.map((s) => s.level)).toEqual(['organization']);
  });
  it('§1.1 BlockPublicPolicy alone rejects the policy at put time', () => {
    expect(publicPolicyNeutralisation(emptyEstate(), bucket(pab(false, true))).by).toBe('blockPublicPolicy');
  });
  it('an unknown level with no level known on is unknown, never "not neutralised"', () => {
    expect(publicPolicyNeutralisation(emptyEstate(), bucket(unknown('AccessDenied', at))).neutralised).toBe('unknown');
  });
  it('a known-on level wins over an unknown one', () => {
    const estate = { ...emptyEstate(), accounts: [account('111122223333', pab(true, true))] };
    expect(publicPolicyNeutralisation(estate, bucket(unknown('AccessDenied', at), '111122223333')).neutralised).toBe(true);
  });
  it('all flags off is not neutralised', () => {
    expect(publicPolicyNeutralisation(emptyEstate(), bucket(pab(false, false))).neutralised).toBe(false);
  });
});
