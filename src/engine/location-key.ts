import type { Provenance } from '../model/index.js';

/** A sortable key of a location: file, then zero-padded line and column; API calls after files. */
export function locationKey(at: Provenance): string {
  return at.kind === 'source'
    ? `${at.file}\u0000${String(at.startLine).padStart(9, '0')}\u0000${String(at.startColumn).padStart(6, '0')}`
    : `\u0001${at.resource}\u0000${at.call}`;
}
