import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/model/index.js';
import {
  evaluateClause,
  evaluateConditions,
  normalizePolicy,
  parseOperator,
  requestContext,
  type KeyState,
} from '../../src/policy/index.js';

/** Builds the clauses of one Condition block. */
function clauses(condition: JsonValue) {
  return normalizePolicy({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: condition }] }).statements[0]!
    .conditions;
}

const V = (...values: string[]): KeyState => ({ kind: 'values', values });
const ABSENT: KeyState = { kind: 'absent' };

interface Case {
  name: string;
  op: string;
  key?: string;
  values: JsonValue;
  ctx: KeyState;
  expect: 'true' | 'false' | 'depends' | 'unknown';
}

const cases: Case[] = [
  { name: 'StringEquals matches an equal value', op: 'StringEquals', values: 'abc', ctx: V('abc'), expect: 'true' },
  { name: 'StringEquals is case-sensitive for values', op: 'StringEquals', values: 'ABC', ctx: V('abc'), expect: 'false' },
  { name: 'StringEqualsIgnoreCase ignores value case', op: 'StringEqualsIgnoreCase', values: 'ABC', ctx: V('abc'), expect: 'true' },
  { name: 'StringNotEqualsIgnoreCase is false for a case-variant', op: 'StringNotEqualsIgnoreCase', values: 'ABC', ctx: V('abc'), expect: 'false' },
  { name: 'multiple values are ORed for a positive operator', op: 'StringEquals', values: ['x', 'abc'], ctx: V('abc'), expect: 'true' },
  { name: 'a negated operator with several values is true only when none matches', op: 'StringNotEquals', values: ['x', 'abc'], ctx: V('abc'), expect: 'false' },
  { name: 'a negated operator with several values is true when none matches', op: 'StringNotEquals', values: ['x', 'y'], ctx: V('abc'), expect: 'true' },
  { name: '§2.2 absent key makes a positive operator false', op: 'StringEquals', values: 'abc', ctx: ABSENT, expect: 'false' },
  { name: '§2.2 absent key makes a negated operator true', op: 'StringNotEquals', values: 'abc', ctx: ABSENT, expect: 'true' },
  { name: '§2.2 ...IfExists is true when the key is absent', op: 'StringEqualsIfExists', values: 'abc', ctx: ABSENT, expect: 'true' },
  { name: '...IfExists compares normally when the key is present', op: 'StringEqualsIfExists', values: 'abc', ctx: V('x'), expect: 'false' },
  { name: 'StringNotEqualsIfExists is true when the key is absent', op: 'StringNotEqualsIfExists', values: 'abc', ctx: ABSENT, expect: 'true' },
  { name: 'StringLike "*" matches any run of characters', op: 'StringLike', values: 'vpc-*', ctx: V('vpc-123'), expect: 'true' },
  { name: 'StringLike "?" matches exactly one character', op: 'StringLike', values: 'vpc-?', ctx: V('vpc-12'), expect: 'false' },
  { name: 'StringLike "?" matches one character', op: 'StringLike', values: 'vpc-??', ctx: V('vpc-12'), expect: 'true' },
  { name: 'StringEquals treats "*" literally', op: 'StringEquals', values: 'vpc-*', ctx: V('vpc-123'), expect: 'false' },
  { name: 'StringNotLike with a wildcard is false for a match', op: 'StringNotLike', values: 'logs/*', ctx: V('logs/a'), expect: 'false' },
  { name: '${*} is a literal star in StringLike', op: 'StringLike', values: 'a${*}', ctx: V('a*'), expect: 'true' },
  { name: '${*} does not act as a wildcard', op: 'StringLike', values: 'a${*}', ctx: V('ab'), expect: 'false' },
  { name: 'a policy variable depends on the request', op: 'StringEquals', values: '${aws:username}', ctx: V('bob'), expect: 'depends' },
  { name: 'NumericLessThan 1.1 < 1.2', op: 'NumericLessThan', values: '1.2', ctx: V('1.1'), expect: 'true' },
  { name: 'NumericLessThan 1.2 < 1.2 is false', op: 'NumericLessThan', values: '1.2', ctx: V('1.2'), expect: 'false' },
  { name: 'NumericLessThanEquals includes equality', op: 'NumericLessThanEquals', values: 1.2, ctx: V('1.2'), expect: 'true' },
  { name: 'NumericGreaterThanEquals', op: 'NumericGreaterThanEquals', values: '600000', ctx: V('600001'), expect: 'true' },
  { name: 'NumericNotEquals absent is true', op: 'NumericNotEquals', values: '5', ctx: ABSENT, expect: 'true' },
  { name: 'a non-numeric policy value is unknown', op: 'NumericEquals', values: 'abc', ctx: V('1'), expect: 'unknown' },
  { name: 'DateGreaterThan with ISO 8601 dates', op: 'DateGreaterThan', values: '2020-01-01T00:00:00Z', ctx: V('2024-05-01T00:00:00Z'), expect: 'true' },
  { name: 'DateLessThan with an epoch value', op: 'DateLessThan', values: '1577836800', ctx: V('2024-05-01T00:00:00Z'), expect: 'false' },
  { name: 'Bool compares "false" to false case-insensitively', op: 'Bool', values: 'FALSE', ctx: V('false'), expect: 'true' },
  { name: 'Bool accepts a JSON boolean value', op: 'Bool', values: false, ctx: V('false'), expect: 'true' },
  { name: 'Bool true does not match "false"', op: 'Bool', values: 'true', ctx: V('false'), expect: 'false' },
  { name: 'BoolIfExists is true when absent', op: 'BoolIfExists', values: 'false', ctx: ABSENT, expect: 'true' },
  { name: 'IpAddress matches an address inside the CIDR', op: 'IpAddress', values: '203.0.113.0/24', ctx: V('203.0.113.9'), expect: 'true' },
  { name: 'IpAddress does not match outside the CIDR', op: 'IpAddress', values: '203.0.113.0/24', ctx: V('198.51.100.1'), expect: 'false' },
  { name: 'IpAddress matches IPv6', op: 'IpAddress', values: '2001:db8::/32', ctx: V('2001:db8:1::5'), expect: 'true' },
  { name: '§3.1 NotIpAddress is true when aws:SourceIp is absent (VPC endpoint traffic)', op: 'NotIpAddress', values: '203.0.113.0/24', ctx: ABSENT, expect: 'true' },
  { name: 'NotIpAddress is false inside the range', op: 'NotIpAddress', values: ['10.0.0.0/8', '203.0.113.0/24'], ctx: V('203.0.113.9'), expect: 'false' },
  { name: 'ArnLike matches wildcards per ARN component', op: 'ArnLike', values: 'arn:aws:iam::*:role/admin', ctx: V('arn:aws:iam::111122223333:role/admin'), expect: 'true' },
  { name: 'ArnEquals accepts wildcards like ArnLike', op: 'ArnEquals', values: 'arn:aws:iam::111122223333:role/*', ctx: V('arn:aws:iam::111122223333:role/x'), expect: 'true' },
  { name: 'ArnLike "*" in the account does not cross the service component', op: 'ArnLike', values: 'arn:aws:s3:::*', ctx: V('arn:aws:iam::111122223333:role/x'), expect: 'false' },
  { name: 'ArnNotLike is true when the key is absent', op: 'ArnNotLike', values: 'arn:aws:iam::*:role/x', ctx: ABSENT, expect: 'true' },
  { name: 'Null "true" is true when the key is absent', op: 'Null', values: 'true', ctx: ABSENT, expect: 'true' },
  { name: 'Null "true" is false when the key is present', op: 'Null', values: 'true', ctx: V('x'), expect: 'false' },
  { name: 'Null "false" is true when the key is present', op: 'Null', values: 'false', ctx: V('x'), expect: 'true' },
  { name: 'ForAllValues is true when the key is absent', op: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['a'], ctx: ABSENT, expect: 'true' },
  { name: 'ForAllValues is true when every request value matches', op: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['a', 'b'], ctx: V('a', 'b'), expect: 'true' },
  { name: 'ForAllValues is false when one request value does not match', op: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['a'], ctx: V('a', 'c'), expect: 'false' },
  { name: 'ForAnyValue is false when the key is absent', op: 'ForAnyValue:StringEquals', key: 'aws:TagKeys', values: ['a'], ctx: ABSENT, expect: 'false' },
  { name: 'ForAnyValue is true when one request value matches', op: 'ForAnyValue:StringEquals', key: 'aws:TagKeys', values: ['a'], ctx: V('c', 'a'), expect: 'true' },
  { name: 'ForAnyValue:...IfExists is true when the key is absent', op: 'ForAnyValue:StringEqualsIfExists', key: 'aws:TagKeys', values: ['a'], ctx: ABSENT, expect: 'true' },
  { name: 'ForAllValues:StringNotEquals is true when no request value is listed', op: 'ForAllValues:StringNotEquals', key: 'aws:TagKeys', values: ['a'], ctx: V('b', 'c'), expect: 'true' },
  { name: 'BinaryEquals compares base64 exactly', op: 'BinaryEquals', values: 'QmluYXJ5', ctx: V('QmluYXJ5'), expect: 'true' },
  { name: 'a free key makes a comparison depend on the request', op: 'StringEquals', values: 'abc', ctx: { kind: 'free' }, expect: 'depends' },
  { name: 'an "other" value is not equal to the excluded id', op: 'StringNotEquals', values: 'vpce-1', ctx: { kind: 'other', excluding: ['lit:vpce-1'] }, expect: 'true' },
  { name: 'an "other" value may equal a second listed id', op: 'StringNotEquals', values: ['vpce-1', 'vpce-2'], ctx: { kind: 'other', excluding: ['lit:vpce-1'] }, expect: 'depends' },
  { name: 'an "other" value may match a wildcard', op: 'StringNotLike', values: 'vpce-*', ctx: { kind: 'other', excluding: ['lit:vpce-1'] }, expect: 'depends' },
  { name: 'an "other" value is present, so Null "true" is false', op: 'Null', values: 'true', ctx: { kind: 'other', excluding: [] }, expect: 'false' },
  { name: 'an unknown marker value is unknown when nothing else matches', op: 'StringEquals', values: [{ '$s3lint:unknown': 'var.x' }], ctx: V('abc'), expect: 'unknown' },
  { name: 'an unknown marker does not hide a matching literal (values ORed)', op: 'StringEquals', values: [{ '$s3lint:unknown': 'var.x' }, 'abc'], ctx: V('abc'), expect: 'true' },
  { name: 'an unsupported operator is unknown', op: 'StringSortOf', values: 'abc', ctx: V('abc'), expect: 'unknown' },
  { name: 'NullIfExists is not a valid operator', op: 'NullIfExists', values: 'true', ctx: ABSENT, expect: 'unknown' },
];

describe('condition operators (IAMUG condition operators, s3-semantics.md §2.2)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const key = c.key ?? 'aws:Example';
      const [clause] = clauses({ [c.op]: { [key]: c.values } });
      const r = evaluateClause(clause!, requestContext({ [key]: c.ctx }));
      expect(r.result).toBe(c.expect);
    });
  }
});

describe('condition blocks', () => {
  it('key names are case-insensitive: a context for aws:sourcevpce answers AWS:SourceVPCE', () => {
    const [clause] = clauses({ StringEquals: { 'AWS:SourceVPCE': 'vpce-1' } });
    expect(evaluateClause(clause!, requestContext({ 'aws:sourcevpce': V('vpce-1') })).result).toBe('true');
  });
  it('keys are ANDed: one false clause makes the block false even when another is unknown', () => {
    const cs = clauses({ StringEquals: { 'aws:A': 'x', 'aws:B': { '$s3lint:unknown': 'r' } } });
    const ctx = requestContext({ 'aws:a': V('y'), 'aws:b': V('z') });
    expect(evaluateConditions(cs, ctx).result.result).toBe('false');
  });
  it('keys are ANDed: all true is true', () => {
    const cs = clauses({ StringEquals: { 'aws:A': 'x' }, Bool: { 'aws:B': 'true' } });
    expect(evaluateConditions(cs, requestContext({ 'aws:a': V('x'), 'aws:b': V('true') })).result.result).toBe('true');
  });
  it('an unreadable Condition block makes the result unknown', () => {
    const s = normalizePolicy({ Statement: { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { '$s3lint:unknown': 'dynamic' } } }).statements[0]!;
    expect(evaluateConditions(s.conditions, requestContext({}), s.conditionUnknown).result).toEqual({ result: 'unknown', reason: 'dynamic' });
  });
  it('parseOperator splits qualifier, base and IfExists', () => {
    expect(parseOperator('ForAnyValue:StringNotLikeIfExists')).toMatchObject({ qualifier: 'ForAnyValue', base: 'StringNotLike', negated: true, ifExists: true, family: 'String' });
  });
});
