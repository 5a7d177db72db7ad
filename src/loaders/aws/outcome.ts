/**
 * The outcome of one API call, never conflated: configured, not configured (a 404 with the call's
 * "not found" error code), or unknown with the reason (denied, throttled after retries, timeout, other).
 */
import type { OperationInfo } from './operations.js';

export type Outcome<T> =
  | { kind: 'configured'; value: T }
  | { kind: 'notConfigured' }
  | { kind: 'unknown'; reason: string; category: UnknownCategory };

export type UnknownCategory = 'denied' | 'throttled' | 'timeout' | 'error';

/** The snapshot's marker for a section s3lint could not determine. */
export interface UnknownSection {
  $unknown: string;
}

const DENIED_CODES = new Set(['AccessDenied', 'AccessDeniedException', 'AllAccessDisabled', 'UnauthorizedOperation', 'AuthorizationError']);

/** 403s that are about the credentials, not about a missing permission. */
const CREDENTIAL_CODES = new Set([
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidToken',
  'TokenRefreshRequired',
  'SignatureDoesNotMatch',
  'RequestTimeTooSkewed',
]);

const THROTTLED_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ServiceUnavailable',
  'ProvisionedThroughputExceededException',
]);

const TIMEOUT_CODES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);

interface SdkLikeError {
  name?: unknown;
  Code?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

export function errorCode(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const e = err as SdkLikeError;
  for (const c of [e.Code, e.name, e.code]) {
    if (typeof c === 'string' && c !== '' && c !== 'Error') return c;
  }
  return 'Error';
}

function errorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && typeof (err as SdkLikeError).message === 'string') {
    // One line, bounded: a report line, not a dump.
    return ((err as SdkLikeError).message as string).split('\n')[0]!.slice(0, 200);
  }
  return '';
}

function attempts(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null ? (err as SdkLikeError).$metadata?.attempts : undefined;
}

function httpStatus(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null ? (err as SdkLikeError).$metadata?.httpStatusCode : undefined;
}

/** Classifies a failed call. Pure: the same error always gives the same outcome. */
export function classifyError(err: unknown, op: OperationInfo): Outcome<never> {
  const code = errorCode(err);
  if (op.notConfigured.includes(code)) return { kind: 'notConfigured' };
  const tries = attempts(err);
  const after = tries !== undefined && tries > 1 ? ` after ${tries} attempts` : '';
  if (DENIED_CODES.has(code) || (httpStatus(err) === 403 && !THROTTLED_CODES.has(code) && !CREDENTIAL_CODES.has(code))) {
    return { kind: 'unknown', category: 'denied', reason: `AccessDenied: ${op.permission}` };
  }
  if (THROTTLED_CODES.has(code) || httpStatus(err) === 429 || httpStatus(err) === 503) {
    return { kind: 'unknown', category: 'throttled', reason: `throttled (${code}${after})` };
  }
  if (TIMEOUT_CODES.has(code)) {
    return { kind: 'unknown', category: 'timeout', reason: `timeout: ${op.operation} did not answer in time${after}` };
  }
  const message = errorMessage(err);
  const detail = message !== '' && message !== code ? `${code}: ${message}` : code;
  return { kind: 'unknown', category: 'error', reason: `${op.operation} failed${after}: ${detail}` };
}

/** Runs one call and returns its outcome; never throws. */
export async function outcomeOf<T>(op: OperationInfo, call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { kind: 'configured', value: await call() };
  } catch (err) {
    return classifyError(err, op);
  }
}

export function unknownSection(reason: string): UnknownSection {
  return { $unknown: reason };
}

export function isUnknownSection(x: unknown): x is UnknownSection {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as UnknownSection).$unknown === 'string';
}
