/**
 * Streaming analysis of a key list: one key per line, or an S3 Inventory CSV (detected by content: every
 * field quoted, the key in the 2nd column, URL-encoded). Keys go into a bounded KeyTrie one by one, so memory
 * does not grow with the number of keys. Gzip input (.gz, or the gzip magic bytes) is decompressed on the fly.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { describeEstimate, estimate, suggest } from './estimate.js';
import type { Estimate, Rates, Suggestion } from './estimate.js';
import type { LayoutAnalysis } from './layout.js';
import { analyseTrie } from './sample-layout.js';
import { KeyTrie } from './trie.js';
import type { TrieLimits } from './trie.js';

export type KeyListFormat = 'lines' | 'inventory-csv';

export interface KeyListAnalysis {
  keys: number;
  format: KeyListFormat;
  trie: KeyTrie;
  analysis: LayoutAnalysis;
  estimate: Estimate;
  estimateText: string;
  suggestion: Suggestion | undefined;
  rates: Rates;
}

/** An S3 Inventory CSV line: `"bucket","key",...` (every field quoted, no header row). */
const INVENTORY_LINE = /^"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]","/;

/** The 2nd field of a CSV line whose fields are quoted (`""` escapes a quote). */
export function secondCsvField(line: string): string | undefined {
  let i = 0;
  for (let field = 0; field < 2; field++) {
    if (line[i] !== '"') {
      // Unquoted field: up to the next comma.
      const comma = line.indexOf(',', i);
      if (field === 1) return comma < 0 ? line.slice(i) : line.slice(i, comma);
      if (comma < 0) return undefined;
      i = comma + 1;
      continue;
    }
    let value = '';
    i++;
    for (;;) {
      const quote = line.indexOf('"', i);
      if (quote < 0) return undefined;
      value += line.slice(i, quote);
      if (line[quote + 1] === '"') {
        value += '"';
        i = quote + 2;
        continue;
      }
      i = quote + 1;
      break;
    }
    if (field === 1) return value;
    if (line[i] !== ',') return undefined;
    i++;
  }
  return undefined;
}

/** Inventory keys are URL-encoded (form style: a space may be `+`). Undecodable text is kept as written. */
export function decodeInventoryKey(encoded: string): string {
  if (!/[%+]/.test(encoded)) return encoded;
  try {
    return decodeURIComponent(encoded.replace(/\+/g, '%20'));
  } catch {
    return encoded;
  }
}

function isGzipFile(path: string): boolean {
  if (path.endsWith('.gz')) return true;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    const n = readSync(fd, buf, 0, 2, 0);
    return n === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** A readable stream of the text of `path` ("-" for stdin), decompressed when gzip. */
export function openKeyList(path: string): Readable {
  if (path === '-') return process.stdin;
  const raw = createReadStream(path);
  return isGzipFile(path) ? raw.pipe(createGunzip()) : raw;
}

export async function analyseKeyStream(
  input: Readable,
  rates: Rates,
  limits: Partial<TrieLimits> = {},
  /** How the rates were chosen, for the estimate sentence. */
  ratesSource = 'options --put-rate/--get-rate',
): Promise<KeyListAnalysis> {
  const trie = new KeyTrie(limits);
  let format: KeyListFormat | undefined;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let first = true;
  for await (let line of lines) {
    if (first) {
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      first = false;
    }
    if (line === '') continue;
    format ??= INVENTORY_LINE.test(line) ? 'inventory-csv' : 'lines';
    if (format === 'inventory-csv') {
      const field = secondCsvField(line);
      if (field === undefined || field === '') continue;
      trie.add(decodeInventoryKey(field));
    } else {
      trie.add(line);
    }
  }
  const analysis = analyseTrie(trie);
  const est = estimate(analysis, rates);
  return {
    keys: trie.keys,
    format: format ?? 'lines',
    trie,
    analysis,
    estimate: est,
    estimateText: describeEstimate(est, ratesSource),
    suggestion: suggest(analysis, rates),
    rates,
  };
}
