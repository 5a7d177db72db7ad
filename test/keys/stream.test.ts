import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseKeyStream, decodeInventoryKey, openKeyList, secondCsvField } from '../../src/keys/stream.js';
import { KeyTrie } from '../../src/keys/trie.js';

const rates = { put: 1_000, get: 2_000 };
const fromText = (text: string) => analyseKeyStream(Readable.from([text]), rates);
const dir = mkdtempSync(join(tmpdir(), 's3lint-keys-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('S3 Inventory CSV', () => {
  it.each([
    ['"b","k","1"', 'k'],
    ['"b","a ""quoted"" key","1"', 'a "quoted" key'],
    ['"b","k,with,commas","1"', 'k,with,commas'],
    ['b,plain,1', 'plain'],
    ['"b"', undefined],
  ])('second field of %s', (line, expected) => {
    expect(secondCsvField(line)).toBe(expected);
  });
  it.each([
    ['logs/2026/01/a.json', 'logs/2026/01/a.json'],
    ['my+file%2Bplus.txt', 'my file+plus.txt'],
    ['caf%C3%A9/x', 'café/x'],
    ['bad%E0%A4%A', 'bad%E0%A4%A'],
  ])('decodes %s', (encoded, decoded) => {
    expect(decodeInventoryKey(encoded)).toBe(decoded);
  });
  it('is detected by content and its keys are URL-decoded', async () => {
    const csv = ['"my-bucket","logs%2F2026%2F01%2F15%2Fa.gz","123","2026-01-15T10:00:00.000Z"', '"my-bucket","logs/2026/01/16/b+c.gz","9","2026-01-16T10:00:00.000Z"', ''].join('\r\n');
    const r = await fromText(`\uFEFF${csv}`);
    expect(r.format).toBe('inventory-csv');
    expect(r.keys).toBe(2);
    expect([...r.trie.root.children!.keys()]).toEqual(['logs']);
    expect(r.analysis.layout).toBe('date-first');
    expect(r.analysis.template).toBe('logs/{date:yyyy/MM/dd}/a.gz');
  });
  it('treats other text as one key per line, skipping empty lines', async () => {
    const r = await fromText('a/1.json\n\nb/2.json\r\n"quoted, but not inventory"\n');
    expect([r.format, r.keys]).toEqual(['lines', 3]);
  });
});

describe('openKeyList', () => {
  it('decompresses gzip files by magic bytes', async () => {
    const path = join(dir, 'keys.bin');
    writeFileSync(path, gzipSync('2026/01/15/a\n2026/01/15/b\n'));
    const r = await analyseKeyStream(openKeyList(path), rates);
    expect([r.keys, r.analysis.layout]).toEqual([2, 'date-first']);
  });
});

describe('KeyTrie bounds', () => {
  it('caps fan-out, depth and nodes while counting every key', () => {
    const trie = new KeyTrie({ maxFanout: 4, maxDepth: 3, maxNodes: 50 });
    for (let i = 0; i < 10_000; i++) trie.add(`p/${i}/a/b/c`);
    expect(trie.keys).toBe(10_000);
    const p = trie.root.children!.get('p')!;
    expect(p.count).toBe(10_000);
    expect(p.children!.size).toBe(4);
    expect(p.overflow!.count).toBe(9_996);
    expect(p.distinctChildren()).toEqual({ count: 4 + 128, exact: false });
    expect(trie.nodes).toBeLessThanOrEqual(100);
    // Depth 3: p / <n> / a, the rest only counted.
    expect(p.overflow!.children!.get('a')!.deeper).toBe(9_996);
  });
});
