/** Hostile variants of a valid input file, generated deterministically from its bytes. */
import { prng, type CaseExpectation } from './harness.js';

export interface Mutation {
  label: string;
  bytes: Buffer;
  expect: Omit<CaseExpectation, 'hostile'>;
}

/** Truncations at every `step` bytes, from the empty file up to (not including) the whole file. */
export function truncations(bytes: Buffer, count = 40): Mutation[] {
  const step = Math.max(1, Math.floor(bytes.length / count));
  const out: Mutation[] = [];
  for (let cut = 0; cut < bytes.length; cut += step) {
    // A prefix of a valid file may still be valid (YAML, HCL): an input error or a valid parse, never silence.
    out.push({ label: `truncated at byte ${cut}`, bytes: bytes.subarray(0, cut), expect: { needsPosition: true } });
  }
  return out;
}

/** `count` variants with 1-3 bytes overwritten by random values (seeded). */
export function byteFlips(bytes: Buffer, seed: number, count = 40): Mutation[] {
  const out: Mutation[] = [];
  for (let i = 0; i < count; i++) {
    const random = prng(seed * 1000 + i);
    const copy = Buffer.from(bytes);
    const flips: string[] = [];
    const n = 1 + Math.floor(random() * 3);
    for (let k = 0; k < n; k++) {
      const at = Math.floor(random() * copy.length);
      const value = Math.floor(random() * 256);
      copy[at] = value;
      flips.push(`${at}=0x${value.toString(16)}`);
    }
    out.push({ label: `bytes flipped (${flips.join(', ')})`, bytes: copy, expect: { needsPosition: true } });
  }
  return out;
}

function insertAt(bytes: Buffer, at: number, insert: number[]): Buffer {
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(insert), bytes.subarray(at)]);
}

/** Encoding and byte-level damage: invalid UTF-8, BOMs, CRLF line ends, NUL bytes. */
export function encodingVariants(bytes: Buffer): Mutation[] {
  const middle = bytes.indexOf(0x0a, Math.floor(bytes.length / 2)) + 1 || Math.floor(bytes.length / 2);
  const invalid: [string, number[]][] = [
    ['a lone continuation byte', [0x80]],
    ['a truncated 2-byte sequence', [0xc3, 0x28]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['an encoded UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['a byte that never occurs in UTF-8', [0xff]],
  ];
  const out: Mutation[] = invalid.map(([what, seq]) => ({
    label: `invalid UTF-8: ${what} at byte ${middle}`,
    bytes: insertAt(bytes, middle, seq),
    expect: { mustFail: true, needsPosition: true, messageMatches: /UTF-8/ },
  }));
  out.push({ label: 'invalid UTF-8 at the first byte', bytes: insertAt(bytes, 0, [0xfe]), expect: { mustFail: true, needsPosition: true, messageMatches: /UTF-8/ } });
  out.push({ label: 'UTF-8 byte order mark', bytes: insertAt(bytes, 0, [0xef, 0xbb, 0xbf]), expect: { mustParse: true } });
  out.push({ label: 'CRLF line ends', bytes: Buffer.from(bytes.toString('utf8').replace(/\r?\n/g, '\r\n')), expect: { mustParse: true } });
  out.push({ label: 'CRLF line ends and a BOM', bytes: Buffer.from('\ufeff' + bytes.toString('utf8').replace(/\r?\n/g, '\r\n')), expect: { mustParse: true } });
  out.push({
    label: 'UTF-16LE with a byte order mark',
    bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes.toString('utf8'), 'utf16le')]),
    expect: { mustFail: true, needsPosition: true, messageMatches: /UTF-16/ },
  });
  for (const [where, at] of [['start', 0], ['middle', middle], ['end', bytes.length]] as const) {
    // NUL is not allowed in JSON, YAML or HCL source text (outside or inside strings).
    out.push({ label: `a NUL byte at the ${where}`, bytes: insertAt(bytes, at, [0]), expect: { mustFail: true, needsPosition: true } });
  }
  out.push({ label: 'NUL bytes only', bytes: Buffer.alloc(4096), expect: { mustFail: true, needsPosition: true } });
  return out;
}
