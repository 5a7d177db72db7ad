import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/model/index.js';
import { analyzeCrossAccount, analyzePublic, decideMinimumTls, decidePerimeter, decideTlsOnly, normalizePolicy } from '../../src/policy/index.js';

/** Malformed documents must never throw: the decisions come back unknown or not-enforced. */
const malformed: [string, JsonValue][] = [
  ['null document', null],
  ['a number', 42],
  ['invalid JSON string', '{"Statement": ['],
  ['no Statement', { Version: '2012-10-17' }],
  ['Statement is a string', { Statement: 'Allow everything' }],
  ['statement is an array', { Statement: [['Allow']] }],
  ['Principal is a number', { Statement: [{ Effect: 'Allow', Principal: 7, Action: 's3:*', Resource: '*' }] }],
  ['Action is an object', { Statement: [{ Effect: 'Deny', Principal: '*', Action: { a: 1 }, Resource: '*' }] }],
  ['Condition is an array', { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: [] }] }],
  ['operator block is a string', { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringEquals: 'x' } }] }],
  ['condition values nested', { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': [['1.2.3.4/32']] } } }] }],
  ['empty principal object', { Statement: [{ Effect: 'Allow', Principal: {}, Action: 's3:*', Resource: '*' }] }],
  ['empty arrays everywhere', { Statement: [{ Effect: 'Deny', Principal: { AWS: [] }, Action: [], Resource: [], Condition: { Bool: { 'aws:SecureTransport': [] } } }] }],
];

describe('malformed policies never throw', () => {
  for (const [name, json] of malformed) {
    it(name, () => {
      const p = normalizePolicy(json);
      expect(() => {
        analyzePublic(p);
        analyzeCrossAccount(p, { owner: '111122223333', trusted: [] });
        decidePerimeter({ policy: p, bucketName: 'b', allowed: { vpcEndpoints: ['vpce-1'] } });
        decideTlsOnly(p, 'b');
        decideMinimumTls(p, 'b');
      }).not.toThrow();
      expect(decideTlsOnly(p, 'b').status).not.toBe('enforced');
      expect(decidePerimeter({ policy: p, bucketName: 'b' }).status).not.toBe('enforced');
    });
  }
});
