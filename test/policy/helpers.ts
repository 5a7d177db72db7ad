import type { JsonValue } from '../../src/model/index.js';
import { normalizePolicy, type NormalizedPolicy } from '../../src/policy/index.js';

export const BUCKET = 'data-bucket';
export const ARN = `arn:aws:s3:::${BUCKET}`;
export const BOTH = [ARN, `${ARN}/*`];

export function policy(...statements: JsonValue[]): NormalizedPolicy {
  return normalizePolicy({ Version: '2012-10-17', Statement: statements });
}

export function allow(extra: Record<string, JsonValue>): JsonValue {
  return { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${ARN}/*`, ...extra };
}

export function deny(extra: Record<string, JsonValue>): JsonValue {
  return { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: BOTH, ...extra };
}

export const U = (reason: string): JsonValue => ({ '$s3lint:unknown': reason });
