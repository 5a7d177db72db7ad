import { describe, expect, it } from 'vitest';
import { known, sourceRange, type PolicyDocument } from '../../src/model/index.js';
import {
  actionsOf,
  isBroadSourceIp,
  isUniversalS3Pattern,
  locate,
  normalizePolicy,
  parseCidr,
  resourceCovers,
} from '../../src/policy/index.js';
import { globMatches, globToRegExp } from '../../src/policy/glob.js';
import { mayMatchSomeExtension } from '../../src/policy/resources.js';

describe('actions', () => {
  const universal: [string, boolean][] = [['*', true], ['s3:*', true], ['S3:*', true], ['s3:**', true], ['s3:Get*', false], ['ec2:*', false], ['s?:*', true]];
  for (const [p, want] of universal) {
    it(`"${p}" ${want ? 'covers' : 'does not cover'} every present and future S3 action`, () => expect(isUniversalS3Pattern(p)).toBe(want));
  }
  it('s3:Get* expands to GetObject and not PutObject', () => {
    const el = normalizePolicy({ Statement: { Effect: 'Deny', Action: 's3:Get*' } }).statements[0]!.action;
    const names = actionsOf(el).actions.map((a) => a.name);
    expect(names).toContain('GetObject');
    expect(names).not.toContain('PutObject');
  });
  it('NotAction is every action except the listed ones, future ones included', () => {
    const el = normalizePolicy({ Statement: { Effect: 'Deny', NotAction: 's3:GetObject' } }).statements[0]!.action;
    const set = actionsOf(el);
    expect(set.future).toBe(true);
    expect(set.actions.map((a) => a.name)).not.toContain('GetObject');
    expect(set.actions.map((a) => a.name)).toContain('PutObject');
  });
});

describe('IAM wildcard matching', () => {
  // globMatches compares literals and trailing-* patterns directly; it must agree with the compiled pattern.
  const patterns = ['arn:aws:s3:::b', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b*', 's3:GetObject', 's3:Get*', '*', '', 'a?c', 'a*c*', 'a$b', 'a${*}', 'a${*}*', 'a${?}c', 'ARN:AWS:S3:::B/*'];
  const texts = ['arn:aws:s3:::b', 'arn:aws:s3:::b/', 'arn:aws:s3:::b/k', 'arn:aws:s3:::bb', 'arn:aws:s3:::c', 's3:getobject', 's3:GetObject', 's3:PutObject', 'abc', 'a$b', 'a*', 'a*x', 'a?c', '', 'a\nc'];
  for (const ignoreCase of [false, true]) {
    it(`agrees with the compiled pattern on every pair (${ignoreCase ? 'case-insensitive' : 'case-sensitive'})`, () => {
      const disagreements = patterns.flatMap((p) => texts.filter((t) => globMatches(p, t, ignoreCase) !== globToRegExp(p, ignoreCase).test(t)).map((t) => `${p} ~ ${t}`));
      expect(disagreements).toEqual([]);
    });
  }
});

describe('resources', () => {
  const res = (r: string | string[], negated = false) =>
    normalizePolicy({ Statement: { Effect: 'Deny', [negated ? 'NotResource' : 'Resource']: r } }).statements[0]!.resource;
  const cases: [string, string | string[], 'bucket' | 'objects', string, boolean?][] = [
    ['bucket ARN covers the bucket', 'arn:aws:s3:::b', 'bucket', 'true'],
    ['bucket ARN does not cover objects', 'arn:aws:s3:::b', 'objects', 'false'],
    ['b/* covers every object', 'arn:aws:s3:::b/*', 'objects', 'true'],
    ['b/logs/* does not cover every object', 'arn:aws:s3:::b/logs/*', 'objects', 'false'],
    ['b* covers objects of b', 'arn:aws:s3:::b*', 'objects', 'true'],
    ['aws-cn partition ARNs are recognised', 'arn:aws-cn:s3:::b/*', 'objects', 'true'],
    ['a policy variable in the ARN does not cover', 'arn:aws:s3:::b/${aws:username}/*', 'objects', 'false'],
    ['NotResource b/public/* excludes part of the objects', 'arn:aws:s3:::b/public/*', 'objects', 'false', true],
    ['NotResource of another bucket leaves b covered', 'arn:aws:s3:::other/*', 'objects', 'true', true],
  ];
  for (const [name, r, part, want, negated] of cases) {
    it(name, () => expect(resourceCovers(res(r, negated), 'b', part).result).toBe(want));
  }
  it('mayMatchSomeExtension walks wildcards', () => {
    expect(mayMatchSomeExtension('arn:aws:s3:::b/p*', 'arn:aws:s3:::b/')).toBe(true);
    expect(mayMatchSomeExtension('arn:aws:s3:::c/*', 'arn:aws:s3:::b/')).toBe(false);
  });
});

describe('CIDR', () => {
  const cases: [string, boolean][] = [['0.0.0.0/0', true], ['8.0.0.0/7', true], ['8.0.0.0/8', false], ['10.0.0.0/8', false], ['192.168.0.0/16', false], ['::/0', true], ['2001:db8::/32', false], ['2001:db8::/16', true]];
  for (const [c, broad] of cases) it(`${c} is ${broad ? '' : 'not '}broad`, () => expect(isBroadSourceIp(parseCidr(c)!)).toBe(broad));
  it('rejects malformed CIDRs', () => {
    expect(parseCidr('300.1.1.1/8')).toBeUndefined();
    expect(parseCidr('1.2.3.4/33')).toBeUndefined();
  });
});

describe('normalisation and locations', () => {
  it('escapes "/" in condition keys in pointers (RFC 6901)', () => {
    const s = normalizePolicy({ Statement: [{ Effect: 'Deny', Condition: { StringEquals: { 's3:ExistingObjectTag/team': 'x' } } }] }).statements[0]!;
    expect(s.conditions[0]!.pointer).toBe('/Statement/0/Condition/StringEquals/s3:ExistingObjectTag~1team');
  });
  it('element names are case-insensitive ("effect", "principal")', () => {
    const s = normalizePolicy({ Statement: [{ effect: 'Allow', principal: '*', action: 's3:GetObject' }] }).statements[0]!;
    expect(s.effect).toBe('Allow');
    expect(s.principal?.pointer).toBe('/Statement/0/principal');
  });
  it('an invalid Effect is unknown and reported as a problem', () => {
    const p = normalizePolicy({ Statement: [{ Effect: 'allow' }] });
    expect(p.statements[0]!.effect).toEqual({ unknown: 'Effect "allow" is neither "Allow" nor "Deny"' });
    expect(p.problems).toHaveLength(1);
  });
  it('locate() finds the nearest written ancestor, then the document', () => {
    const at = (line: number) => sourceRange('p.json', line, 1);
    const doc: PolicyDocument = { json: {}, at: at(1), locations: { '/Statement/0': at(3), '/Statement/0/Principal': at(5) } };
    expect(locate(doc, '/Statement/0/Principal/AWS')).toEqual(at(5));
    expect(locate(doc, '/Statement/0/Action')).toEqual(at(3));
    expect(locate(doc, '/Statement/1')).toEqual(at(1));
    expect(known(1, at(1)).known).toBe(true);
  });
});
