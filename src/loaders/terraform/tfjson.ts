/**
 * Terraform JSON syntax (.tf.json) into the same block/attribute structure as HCL, with positions from
 * jsonc-parser. Without the provider schema a JSON property can be a nested block or an attribute, so an
 * object-valued property is offered as both; the model builders only ask for the names they know.
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { parseExpressionText, parseTemplate, type Node } from './expr.js';
import type { HclAttribute, HclBlock, HclBody } from './hcl.js';
import { MAX_NESTING } from './lexer.js';
import type { SourceText } from './source.js';

/** Offset of the first bracket nested deeper than `limit` in JSON text (strings skipped), or -1. */
export function jsonTooDeepAt(text: string, limit = MAX_NESTING): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}

/** The first property name repeated inside one JSON object (Terraform rejects those), iteratively. */
function duplicateKey(root: JsonNode): JsonNode | undefined {
  const stack: JsonNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop() as JsonNode;
    if (n.type === 'object') {
      const seen = new Set<string>();
      for (const p of n.children ?? []) {
        const k = p.children?.[0];
        if (k && seen.has(String(k.value))) return k;
        if (k) seen.add(String(k.value));
        if (p.children?.[1]) stack.push(p.children[1]);
      }
    } else if (n.type === 'array') stack.push(...(n.children ?? []));
  }
  return undefined;
}

export function locateJson(src: SourceText): { body: HclBody } | { error: string; line: number; column: number } {
  const deep = jsonTooDeepAt(src.text);
  if (deep !== -1) {
    const p = src.position(deep);
    return { error: `JSON nested deeper than ${MAX_NESTING} levels`, line: p.line, column: p.column };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(src.text, errors, { allowTrailingComma: false, disallowComments: false });
  const first = errors[0];
  if (first || !tree || tree.type !== 'object') {
    const p = src.position(first?.offset ?? 0);
    return { error: first ? `JSON syntax error: ${printParseErrorCode(first.error)}` : 'a Terraform JSON file must hold an object', line: p.line, column: p.column };
  }
  const dup = duplicateKey(tree);
  if (dup) {
    const p = src.position(dup.offset);
    return { error: `duplicate property "${String(dup.value)}": Terraform rejects a duplicated argument or block`, line: p.line, column: p.column };
  }
  return { body: topLevel(src, tree) };
}

function props(node: JsonNode): [string, JsonNode, JsonNode][] {
  const out: [string, JsonNode, JsonNode][] = [];
  for (const p of node.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k && v) out.push([String(k.value), v, p]);
  }
  return out;
}

/** Labelled top-level blocks: resource.type.name, data.type.name, module.name, variable.name, output.name... */
function topLevel(src: SourceText, root: JsonNode): HclBody {
  const attrs = new Map<string, HclAttribute>();
  const blocks: HclBlock[] = [];
  const labelDepth: Record<string, number> = { resource: 2, data: 2, module: 1, variable: 1, output: 1, provider: 1, locals: 0, terraform: 0 };
  for (const [type, value, prop] of props(root)) {
    const depth = labelDepth[type];
    if (depth === undefined) continue;
    const walk = (node: JsonNode, labels: string[], header: JsonNode): void => {
      if (labels.length === depth) {
        for (const obj of node.type === 'array' ? (node.children ?? []) : [node]) {
          if (obj.type === 'object') blocks.push(block(src, type, labels, obj, header));
        }
        return;
      }
      if (node.type !== 'object') return;
      for (const [label, child, p] of props(node)) walk(child, [...labels, label], p);
    };
    walk(value, [], prop);
  }
  return { attrs, blocks };
}

function block(src: SourceText, type: string, labels: string[], obj: JsonNode, header: JsonNode): HclBlock {
  return {
    type,
    labels,
    span: { src, s: obj.offset, e: obj.offset + obj.length },
    header: { src, s: header.offset, e: header.offset + (header.children?.[0]?.length ?? header.length) },
    body: body(src, obj),
  };
}

function body(src: SourceText, obj: JsonNode): HclBody {
  const attrs = new Map<string, HclAttribute>();
  const blocks: HclBlock[] = [];
  for (const [name, value, prop] of props(obj)) {
    let parsed: Node | undefined;
    attrs.set(name, { name, span: { src, s: prop.offset, e: prop.offset + prop.length }, expr: () => (parsed ??= expression(src, value)) });
    const objs = value.type === 'object' ? [value] : value.type === 'array' ? (value.children ?? []).filter((c) => c.type === 'object') : [];
    if (value.type === 'array' && objs.length !== (value.children ?? []).length) continue;
    for (const o of objs) blocks.push(block(src, name, [], o, prop));
  }
  return { attrs, blocks };
}

/** JSON values as expressions: strings are templates ("${var.x}"), the rest literal. */
function expression(src: SourceText, v: JsonNode): Node {
  const s = v.offset;
  const e = v.offset + v.length;
  switch (v.type) {
    case 'string': {
      const raw = src.text.slice(s + 1, e - 1);
      if (!raw.includes('${') && !raw.includes('%{')) return { n: 'lit', v: v.value as string, s, e };
      if (/^\$\{[^]*\}$/.test(raw) && !raw.includes('\\')) {
        const inner = parseExpressionText(src, s + 3, e - 2);
        return { n: 'tpl', parts: [{ expr: inner }], directive: false, s, e };
      }
      return parseTemplate(src, s + 1, e - 1, true, s, e);
    }
    case 'number':
    case 'boolean':
    case 'null':
      return { n: 'lit', v: v.value as number | boolean | null, s, e };
    case 'array':
      return { n: 'tuple', items: (v.children ?? []).map((c) => expression(src, c)), s, e };
    case 'object':
      return {
        n: 'object',
        items: props(v).map(([k, val, p]) => ({ key: { n: 'lit', v: k, s: p.offset, e: p.offset + (p.children?.[0]?.length ?? 0) }, value: expression(src, val) })),
        s,
        e,
      };
    default:
      return { n: 'bad', reason: 'unsupported JSON value', s, e };
  }
}
