import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/model/index.js';
import { decideMinimumTls, decideTlsOnly } from '../../src/policy/index.js';
import { ARN, BUCKET, U, allow, deny, policy } from './helpers.js';

const HTTP_FALSE = { Bool: { 'aws:SecureTransport': 'false' } };

const tlsOnly: { name: string; statements: JsonValue[]; status: string; says?: string }[] = [
  { name: '§7 TLS-only: Deny * s3:* bucket+objects Bool aws:SecureTransport "false" is enforced', statements: [deny({ Condition: HTTP_FALSE })], status: 'enforced' },
  { name: '§7 BoolIfExists aws:SecureTransport "false" also denies HTTP', statements: [deny({ Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } })], status: 'enforced' },
  { name: '§7 a JSON boolean false is the same value', statements: [deny({ Condition: { Bool: { 'aws:SecureTransport': false } } })], status: 'enforced' },
  { name: '§7 {"AWS":"*"} and Action "*" are full coverage', statements: [deny({ Principal: { AWS: '*' }, Action: '*', Condition: HTTP_FALSE })], status: 'enforced' },
  { name: '§7 an Allow with aws:SecureTransport "true" does not count', statements: [allow({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })], status: 'not-enforced', says: 'no Deny statement with aws:SecureTransport' },
  { name: '§7 a Deny with aws:SecureTransport "true" denies HTTPS, not HTTP', statements: [deny({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })], status: 'not-enforced', says: 'not true for plain-HTTP requests' },
  { name: '§7 a Deny of s3:PutObject only leaves reads over HTTP open', statements: [deny({ Action: 's3:PutObject', Condition: HTTP_FALSE })], status: 'not-enforced', says: 'denies only s3:PutObject' },
  { name: '§7 a Deny on objects only leaves bucket actions over HTTP open', statements: [deny({ Resource: `${ARN}/*`, Condition: HTTP_FALSE })], status: 'not-enforced', says: 'does not include the bucket ARN' },
  { name: '§7 a Deny for one role leaves other principals on HTTP', statements: [deny({ Principal: { AWS: 'arn:aws:iam::111122223333:role/x' }, Condition: HTTP_FALSE })], status: 'not-enforced', says: 'applies only to' },
  { name: '§7 an ANDed extra key is an exception', statements: [deny({ Condition: { ...HTTP_FALSE, StringEquals: { 'aws:PrincipalAccount': '111122223333' } } })], status: 'not-enforced', says: 'is an exception' },
  { name: '§7 an empty policy does not refuse HTTP', statements: [], status: 'not-enforced' },
  { name: '§7 NumericLessThan s3:TlsVersion alone does not stop HTTP (the key is absent on HTTP)', statements: [deny({ Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } })], status: 'not-enforced' },
  { name: 'an unknown Resource does not hide that only s3:PutObject is denied', statements: [deny({ Action: 's3:PutObject', Resource: U('aws_s3_bucket.b.arn'), Condition: HTTP_FALSE })], status: 'not-enforced' },
  { name: 'an unknown Resource is unknown, never a pass', statements: [deny({ Resource: U('aws_s3_bucket.b.arn'), Condition: HTTP_FALSE })], status: 'unknown' },
];

describe('TLS-only decision (s3-semantics.md §7)', () => {
  for (const c of tlsOnly) {
    it(c.name, () => {
      const d = decideTlsOnly(policy(...c.statements), BUCKET);
      expect(d.status).toBe(c.status);
      if (c.says) expect([...d.gaps, ...d.notCounted].map((g) => g.message).join('\n')).toContain(c.says);
    });
  }
  it('§7 the Allow with aws:SecureTransport "true" is named at its condition', () => {
    const d = decideTlsOnly(policy(allow({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })), BUCKET);
    expect(d.notCounted.map((g) => g.pointer)).toEqual(['/Statement/0/Condition/Bool/aws:SecureTransport']);
  });
});

const minTls: { name: string; statements: JsonValue[]; minimum?: string; status: string }[] = [
  { name: '§7 NumericLessThan s3:TlsVersion 1.2 enforces a 1.2 floor', statements: [deny({ Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } })], status: 'enforced' },
  { name: '§7 NumericLessThan s3:TlsVersion 1.1 leaves TLS 1.1 open', statements: [deny({ Condition: { NumericLessThan: { 's3:TlsVersion': '1.1' } } })], status: 'not-enforced' },
  { name: '§7 NumericLessThan 1.3 enforces a 1.3 floor', statements: [deny({ Condition: { NumericLessThan: { 's3:TlsVersion': '1.3' } } })], minimum: '1.3', status: 'enforced' },
  { name: '§7 a 1.2 floor does not satisfy a 1.3 minimum', statements: [deny({ Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } })], minimum: '1.3', status: 'not-enforced' },
  { name: '§7 NumericLessThanEquals 1.1 is a 1.2 floor', statements: [deny({ Condition: { NumericLessThanEquals: { 's3:TlsVersion': '1.1' } } })], status: 'enforced' },
  { name: '§7 an Allow with NumericGreaterThanEquals 1.2 does not count', statements: [allow({ Condition: { NumericGreaterThanEquals: { 's3:TlsVersion': '1.2' } } })], status: 'not-enforced' },
  { name: '§7 no s3:TlsVersion Deny at all', statements: [deny({ Condition: HTTP_FALSE })], status: 'not-enforced' },
];

describe('minimum TLS version decision (s3-semantics.md §7)', () => {
  for (const c of minTls) {
    it(c.name, () => {
      expect(decideMinimumTls(policy(...c.statements), BUCKET, c.minimum).status).toBe(c.status);
    });
  }
});
