/**
 * Hand-made hostile inputs (crafted.ts), each scanned next to a known-good fixture of the same format in a
 * worker thread with a per-case time budget.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CRAFTED, COMPANIONS } from './crafted.js';
import { IsolatedScanner, companion, makeTree, removeTree, violations } from './harness.js';

/**
 * Most cases take under 3 s; the slowest (5 MB inputs) took 12.6 s with the suite running in parallel on 2
 * cores. The budget flags hangs and super-linear blow-ups with room for a loaded CI machine.
 */
const BUDGET_MS = 45_000;

const scanner = new IsolatedScanner();
afterAll(() => scanner.close());

describe.each(CRAFTED.map((c) => ({ ...c, title: `${c.format}: ${c.label}` })))('$title', (c) => {
  it('is reported or parsed, without crash or hang, and the good neighbour is still reported', async () => {
    const comp = companion(COMPANIONS[c.format]);
    const root = makeTree(comp, c.name, c.content());
    try {
      const hostile = `hostile/${c.name}`;
      const outcome = await scanner.scan([hostile, 'good'], root, BUDGET_MS);
      expect(violations(outcome, comp, { hostile, ...c.expect })).toEqual([]);
    } finally {
      removeTree(root);
    }
  }, BUDGET_MS + 15_000);
});
