/**
 * Every setting a rule reads is a Value: known with its provenance, or unknown with the reason.
 * Rules never see where a value came from beyond `at`, so the same rule serves every source.
 */

/** A range in a source file. Lines are 1-based; columns are 1-based UTF-16 code units. */
export interface SourceRange {
  kind: 'source';
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** A value read from a live API call. */
export interface ApiCall {
  kind: 'api';
  /** e.g. "GetBucketPolicy" */
  call: string;
  /** ARN of the resource the call was about, e.g. "arn:aws:s3:::bucket" */
  resource: string;
  region?: string;
}

/** Where a value came from. */
export type Provenance = SourceRange | ApiCall;

export interface Known<T> {
  known: true;
  value: T;
  at: Provenance;
  /**
   * True when the value was not written anywhere and is the documented default of the
   * source (e.g. a Terraform public-access-block flag omitted from the resource reads as false).
   */
  implicit?: boolean;
}

export interface Unknown {
  known: false;
  /** Why s3lint could not determine the value, phrased for the user: "var.vpce_id has no value". */
  reason: string;
  at: Provenance;
}

export type Value<T> = Known<T> | Unknown;

export function known<T>(value: T, at: Provenance, implicit = false): Known<T> {
  return implicit ? { known: true, value, at, implicit: true } : { known: true, value, at };
}

export function unknown(reason: string, at: Provenance): Unknown {
  return { known: false, reason, at };
}

export function isKnown<T>(v: Value<T> | undefined): v is Known<T> {
  return v !== undefined && v.known;
}

/** The value when known, otherwise `fallback`. Only for display and for rules that handle unknown separately. */
export function valueOr<T, F>(v: Value<T> | undefined, fallback: F): T | F {
  return v !== undefined && v.known ? v.value : fallback;
}

export function sourceRange(
  file: string,
  startLine: number,
  startColumn: number,
  endLine = startLine,
  endColumn = startColumn,
): SourceRange {
  return { kind: 'source', file, startLine, startColumn, endLine, endColumn };
}

export function apiCall(call: string, resource: string, region?: string): ApiCall {
  return region === undefined ? { kind: 'api', call, resource } : { kind: 'api', call, resource, region };
}

/**
 * Marker used inside embedded JSON documents (bucket and endpoint policies) for a scalar that
 * could not be determined: `{ "$s3lint:unknown": "reason" }`. Policy logic treats it conservatively.
 */
export const UNKNOWN_MARKER = '$s3lint:unknown';

export interface UnknownMarker {
  [UNKNOWN_MARKER]: string;
}

export function unknownMarker(reason: string): UnknownMarker {
  return { [UNKNOWN_MARKER]: reason };
}

export function isUnknownMarker(x: unknown): x is UnknownMarker {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && UNKNOWN_MARKER in x;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
