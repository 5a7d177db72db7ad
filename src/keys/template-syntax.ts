/**
 * s3lint's neutral key template syntax (see KeyLayoutEvidence in src/model/estate.ts and the header of
 * templates.ts): parsing it into parts, rendering parts back, and building placeholders.
 */

/** Variable kinds allowed in `{var:name:kind}`. */
export const VAR_KINDS = ['date', 'time-ordered', 'high-cardinality', 'low-cardinality', 'unknown'] as const;
export type VarKind = (typeof VAR_KINDS)[number];

export type TemplatePart =
  | { type: 'literal'; text: string }
  /** `assumed`: s3lint added this part from a documented-but-UNVERIFIED behaviour (`{date?:...}`). */
  | { type: 'date'; format: string; assumed: boolean }
  | { type: 'var'; name: string; kind: VarKind };

export function isVarKind(s: string): s is VarKind {
  return (VAR_KINDS as readonly string[]).includes(s);
}

export function datePart(format: string, assumed = false): string {
  return `{date${assumed ? '?' : ''}:${format}}`;
}

export function varPart(name: string, kind: VarKind): string {
  // ':' and '}' would break the placeholder; names come from IaC and are normally identifiers.
  return `{var:${name.replace(/[:{}]/g, '_')}:${kind}}`;
}

const OPENERS = ['{date:', '{date?:', '{var:'] as const;

function nextOpener(template: string, from: number): { index: number; opener: string } | undefined {
  let best: { index: number; opener: string } | undefined;
  for (const opener of OPENERS) {
    const index = template.indexOf(opener, from);
    if (index >= 0 && (best === undefined || index < best.index)) best = { index, opener };
  }
  return best;
}

/**
 * Parses a neutral template. Text that does not form a well-formed placeholder stays literal, so parsing
 * never fails; an unknown `{var:...}` kind reads as "unknown".
 */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let pos = 0;
  const flush = (): void => {
    if (literal !== '') parts.push({ type: 'literal', text: literal });
    literal = '';
  };
  while (pos < template.length) {
    const next = nextOpener(template, pos);
    if (next === undefined) break;
    const close = template.indexOf('}', next.index + next.opener.length);
    if (close < 0) break;
    literal += template.slice(pos, next.index);
    const body = template.slice(next.index + next.opener.length, close);
    if (next.opener === '{var:') {
      const colon = body.lastIndexOf(':');
      const name = colon >= 0 ? body.slice(0, colon) : body;
      const kind = colon >= 0 ? body.slice(colon + 1) : 'unknown';
      flush();
      parts.push({ type: 'var', name, kind: isVarKind(kind) ? kind : 'unknown' });
    } else {
      flush();
      parts.push({ type: 'date', format: body, assumed: next.opener === '{date?:' });
    }
    pos = close + 1;
  }
  literal += template.slice(pos);
  flush();
  return parts;
}

export function renderTemplate(parts: readonly TemplatePart[]): string {
  return parts
    .map((p) => (p.type === 'literal' ? p.text : p.type === 'date' ? datePart(p.format, p.assumed) : varPart(p.name, p.kind)))
    .join('');
}

/** True when the template contains at least one date part (assumed or not). */
export function hasDatePart(template: string): boolean {
  return parseTemplate(template).some((p) => p.type === 'date');
}
