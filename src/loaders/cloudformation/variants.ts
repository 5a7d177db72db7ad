/**
 * Conditions that cannot be decided (they depend on a parameter with no value, or on AWS::Region...)
 * are not guessed: a resource whose evaluation meets one is built once per value of that condition.
 * Each variant gets the address `Stack::Bucket[IsProd=false]` and a `via` entry naming the assumption,
 * so rules stay source-agnostic and a finding that only one branch produces says which value leads to it.
 */
import type { ResourceContext } from '../../model/index.js';
import { Evaluator, type ParameterInputs } from './evaluate.js';
import type { Template } from './template.js';

/** More variants than this and the remaining conditions stay unknown (reported with their reason). */
export const MAX_VARIANTS = 8;

export interface Variant<T> {
  /** Assumed values of undecided conditions, in the order they were met. Empty when none was needed. */
  assumptions: [string, boolean][];
  value: T;
}

export function evaluateVariants<T>(template: Template, inputs: ParameterInputs, build: (ev: Evaluator) => T): Variant<T>[] {
  const done: Variant<T>[] = [];
  const queue: [string, boolean][][] = [[]];
  while (queue.length > 0) {
    const assumptions = queue.shift()!;
    const ev = new Evaluator(template, inputs, new Map(assumptions));
    const value = build(ev);
    const next = [...ev.undecided].find((c) => !assumptions.some(([name]) => name === c));
    if (next !== undefined && done.length + queue.length + 2 <= MAX_VARIANTS) {
      queue.push([...assumptions, [next, true]], [...assumptions, [next, false]]);
    } else {
      done.push({ assumptions, value });
    }
  }
  return done;
}

export function variantAddress(base: string, assumptions: [string, boolean][]): string {
  return assumptions.length === 0 ? base : `${base}[${assumptions.map(([c, v]) => `${c}=${v}`).join(',')}]`;
}

/** The context of a variant: the base context plus one `via` entry per assumed condition. */
export function variantContext(template: Template, base: ResourceContext, assumptions: [string, boolean][]): ResourceContext {
  if (assumptions.length === 0) return base;
  const via = [...(base.via ?? [])];
  for (const [name, value] of assumptions) {
    const decl = template.conditions.get(name);
    if (decl) via.push({ label: `assuming condition ${name} is ${value} (its value is unknown)`, at: decl.range });
  }
  return { ...base, via };
}
