import { Evaluator } from '../../src/loaders/cloudformation/evaluate.js';
import { parseTemplateFile } from '../../src/loaders/cloudformation/index.js';
import type { Template } from '../../src/loaders/cloudformation/template.js';
import { buildTemplate } from '../../src/loaders/cloudformation/build.js';
import type { CandidateFile } from '../../src/loaders/types.js';

export function template(text: string, path = 'template.yaml'): Template {
  const parsed = parseTemplateFile(path, text);
  if (!('template' in parsed)) throw new Error(`not a template: ${JSON.stringify(parsed)}`);
  return parsed.template;
}

export function evaluator(text: string, inputs: Record<string, string> = {}, path = 'template.yaml'): Evaluator {
  return new Evaluator(template(text, path), new Map(Object.entries(inputs)));
}

export function estateOf(text: string, inputs: Record<string, string> = {}, path = 'template.yaml') {
  return buildTemplate(template(text, path), new Map(Object.entries(inputs)));
}

export function candidate(path: string, text: string): CandidateFile {
  return { path, absPath: `/virtual/${path}`, explicit: false, size: text.length, text: () => text };
}

/** Lines in test templates are written with a leading newline for readability; strip it. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  return String.raw({ raw: strings }, ...values).replace(/^\n/, '');
}
