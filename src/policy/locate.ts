/** Maps a JSON pointer inside a policy to where it is written, via PolicyDocument.locations. */
import type { PolicyDocument, Provenance } from '../model/index.js';

/** The location of the pointer, or of its nearest written ancestor, or of the document. */
export function locate(doc: PolicyDocument, pointer: string): Provenance {
  const locations = doc.locations;
  if (!locations) return doc.at;
  let p = pointer;
  for (;;) {
    const at = locations[p];
    if (at) return at;
    if (p === '') return doc.at;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
