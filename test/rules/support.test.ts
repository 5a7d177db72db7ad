import { describe, expect, it } from 'vitest';
import { classifyKeyReference } from '../../rules/kms-key-alias.js';
import { PUBLIC_CANNED, publicGroupOf } from '../../rules/support/acl.js';
import { ALLOWED_NEXT, MINIMUM_DAYS, normalizeStorageClass } from '../../rules/support/storage-classes.js';
import { known, sourceRange } from '../../src/model/index.js';
import type { AclGrant } from '../../src/model/index.js';

const at = sourceRange('x', 1, 1);
const group = (uri: string): AclGrant => ({ at, grantee: { type: 'Group', uri }, permission: known('READ', at) });

describe('KMS key references (S3L020)', () => {
  it.each([
    ['alias/data', 'alias-name'],
    ['alias/aws/s3', 'alias-name'],
    ['arn:aws:kms:eu-west-1:123456789012:alias/data', 'alias-arn'],
    ['arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/data', 'alias-arn'],
    ['arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'key-arn'],
    ['arn:aws-cn:kms:cn-north-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab', 'key-arn'],
    ['1234abcd-12ab-34cd-56ef-1234567890ab', 'key-id'],
    ['mrk-1234abcd12ab34cd56ef1234567890ab', 'key-id'],
    ['not-a-key', 'other'],
  ])('%s is %s', (text, kind) => {
    expect(classifyKeyReference(text)).toBe(kind);
  });
});

describe('public ACL grantees (S3L011, s3-semantics.md §2.1)', () => {
  it('AllUsers and AuthenticatedUsers are public, in http and https spelling', () => {
    expect(publicGroupOf(group('http://acs.amazonaws.com/groups/global/AllUsers'))).toBe('AllUsers');
    expect(publicGroupOf(group('https://acs.amazonaws.com/groups/global/AuthenticatedUsers'))).toMatch(/^AuthenticatedUsers/);
  });
  it('LogDelivery and canonical users are not public', () => {
    expect(publicGroupOf(group('http://acs.amazonaws.com/groups/s3/LogDelivery'))).toBeUndefined();
    expect(publicGroupOf({ at, grantee: { type: 'CanonicalUser', id: 'abc' }, permission: known('FULL_CONTROL', at) })).toBeUndefined();
  });
  it('only public-read, public-read-write and authenticated-read are public canned ACLs', () => {
    expect(Object.keys(PUBLIC_CANNED).sort()).toEqual(['authenticated-read', 'public-read', 'public-read-write']);
  });
});

describe('storage classes (S3L021/S3L022, s3-semantics.md §4.3)', () => {
  it('CloudFormation spelling "Glacier" is the same class as GLACIER', () => {
    expect(normalizeStorageClass('Glacier')).toBe('GLACIER');
  });
  it('minimum durations follow the storage-class table', () => {
    expect(MINIMUM_DAYS).toEqual({ STANDARD_IA: 30, ONEZONE_IA: 30, GLACIER_IR: 90, GLACIER: 90, DEEP_ARCHIVE: 180 });
  });
  it('the waterfall only goes down: Deep Archive is terminal, One Zone-IA cannot go to Glacier IR', () => {
    expect(ALLOWED_NEXT.DEEP_ARCHIVE).toEqual([]);
    expect(ALLOWED_NEXT.ONEZONE_IA).not.toContain('GLACIER_IR');
    expect(ALLOWED_NEXT.INTELLIGENT_TIERING).not.toContain('STANDARD_IA');
    expect(ALLOWED_NEXT.GLACIER).toEqual(['DEEP_ARCHIVE']);
  });
});
