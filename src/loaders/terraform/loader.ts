/**
 * The Terraform HCL loader: files grouped into modules by directory, local module calls read from disk,
 * root modules (those no other loaded module calls) instantiated with tfvars and CLI variables, then the
 * model built from every module instance.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { displayPath } from '../discover.js';
import type { InputError } from '../../engine/finding.js';
import type { Estate } from '../../model/index.js';
import type { CandidateFile, LoadOptions, LoadResult } from '../types.js';
import { EstateBuilder, type ByType } from './estate.js';
import { evaluate, Scope, type EvalEnv } from './eval.js';
import { HclSyntaxError, locate, type HclBody } from './hcl.js';
import { checkHclSyntax, parseHcl, type HclParseResult, type HclSyntaxResult } from './hcl2json.js';
import { isLocalSource, ModuleDef, ModuleInstance, type InputSource, type ModuleHost, type ParsedFile } from './module.js';
import { dataAttribute, resourceAttribute } from './resources.js';
import { SourceText } from './source.js';
import { dirHasPlan } from './plan.js';
import { locateJson } from './tfjson.js';
import type { TV } from './values.js';

export function isTerraformFile(path: string): boolean {
  return path.endsWith('.tf') || path.endsWith('.tf.json');
}


/** Parses one file (hcl2json for syntax errors, then the locator for structure and positions). */
export async function parseFile(path: string, text: string, errors: InputError[]): Promise<ParsedFile | undefined> {
  return (await parseFiles([{ path, text: () => text }], errors))[0];
}

export interface FileInput {
  path: string;
  text(): string;
}

function finishHcl(path: string, text: string, parsed: HclParseResult, errors: InputError[]): ParsedFile | undefined {
  const src = new SourceText(path, text);
  if (!parsed.ok) {
    errors.push({ file: path, line: parsed.line, column: parsed.column, message: `HCL syntax error: ${parsed.message}`, level: 'error' });
    return undefined;
  }
  try {
    return { src, body: locate(src) };
  } catch (e) {
    if (e instanceof HclSyntaxError) {
      const p = src.position(e.offset);
      errors.push({ file: path, line: p.line, column: p.column, message: `s3lint could not read this HCL: ${e.message}`, level: 'error' });
      return undefined;
    }
    throw e;
  }
}

/** Parses a file again that parsed before (locating is deterministic). */
function relocate(src: SourceText): ParsedFile {
  if (!src.path.endsWith('.json')) return { src, body: locate(src) };
  const r = locateJson(src);
  if ('error' in r) throw new Error(`${src.path} no longer parses: ${r.error}`);
  return { src, body: r.body };
}

function parseJsonFile(path: string, text: string, errors: InputError[]): ParsedFile | undefined {
  const src = new SourceText(path, text);
  const r = locateJson(src);
  if ('error' in r) {
    errors.push({ file: path, line: r.line, column: r.column, message: r.error, level: 'error' });
    return undefined;
  }
  return { src, body: r.body };
}

/**
 * Syntax checks running in the background (the parser in worker threads) while this thread locates and
 * evaluates; files whose check fails are excluded and the configuration is loaded again without them.
 */
export interface BackgroundChecks {
  pending: { path: string; result: Promise<HclSyntaxResult> }[];
  excluded: Set<string>;
}

/** Parses files in order: with `background`, the parser's check runs concurrently and is collected there. */
export async function parseFiles(inputs: FileInput[], errors: InputError[], background?: BackgroundChecks): Promise<(ParsedFile | undefined)[]> {
  const out: (ParsedFile | undefined)[] = [];
  for (const input of inputs) {
    if (background?.excluded.has(input.path)) {
      out.push(undefined);
      continue;
    }
    let text: string;
    try {
      text = input.text();
    } catch (e) {
      errors.push({ file: input.path, message: `cannot read: ${(e as Error).message}`, level: 'error' });
      out.push(undefined);
      continue;
    }
    if (input.path.endsWith('.json')) out.push(parseJsonFile(input.path, text, errors));
    else if (background) {
      background.pending.push({ path: input.path, result: checkHclSyntax(input.path, text) });
      out.push(finishHcl(input.path, text, { ok: true, json: {} }, errors));
    } else out.push(finishHcl(input.path, text, await parseHcl(input.path, text), errors));
  }
  return out;
}

/**
 * Terraform rejects two resource (or data) blocks with the same type and name in one module; override files
 * (override.tf, *_override.tf) are the exception, they merge into the block they name.
 */
function reportDuplicateBlocks(files: ParsedFile[], errors: InputError[]): void {
  const seen = new Set<string>();
  for (const f of files) {
    if (/(^|[/_])override\.tf(\.json)?$/.test(f.src.path)) continue;
    for (const b of f.body.blocks) {
      if ((b.type !== 'resource' && b.type !== 'data') || b.labels.length < 2) continue;
      const key = `${b.type}.${b.labels[0]}.${b.labels[1]}`;
      if (seen.has(key)) {
        const p = b.header.src.position(b.header.s);
        errors.push({ file: f.src.path, line: p.line, column: p.column, level: 'error', message: `duplicate ${b.type} "${b.labels[0]}" "${b.labels[1]}": Terraform rejects two blocks with the same type and name in one module` });
      }
      seen.add(key);
    }
  }
}

class Project implements ModuleHost {
  /** Parsed modules that other modules call (kept: every caller instantiates them). */
  private readonly modules = new Map<string, ModuleDef>();
  /**
   * Directories among the inputs that nothing has called so far: only their sources are kept, and they are
   * parsed again when they are used (locating is cheap next to the syntax check; their trees are not).
   */
  private readonly released = new Map<string, SourceText[]>();
  private readonly files = new Map<string, SourceText | null>();
  readonly called = new Set<string>();
  readonly scanned: string[] = [];

  constructor(
    readonly options: LoadOptions,
    readonly errors: InputError[],
    readonly background: BackgroundChecks,
    /** Directories whose files are inputs: they are read in their turn, not as a module call's source. */
    private readonly inputDirs: ReadonlySet<string>,
  ) {}

  /** Reads an input directory's files into its module; it is released unless something already calls it. */
  async addInputDirectory(dir: string, files: CandidateFile[]): Promise<void> {
    const inputs = files.sort((a, b) => (a.path < b.path ? -1 : 1));
    const parsed = (await parseFiles(inputs, this.errors, this.background)).filter((p): p is ParsedFile => p !== undefined);
    this.scanned.push(...inputs.map((f) => f.path));
    reportDuplicateBlocks(parsed, this.errors);
    const def = new ModuleDef(dir, parsed);
    this.modules.set(def.dir, def);
    await this.loadCalledModules(def);
    if (!this.called.has(def.dir)) {
      this.modules.delete(def.dir);
      this.released.set(def.dir, def.files.map((f) => f.src));
    }
  }

  /** The module in a directory, parsing a released one again (and keeping it, since it is now called). */
  private moduleAt(dir: string): ModuleDef | undefined {
    const def = this.modules.get(dir);
    if (def) return def;
    const again = this.rootModule(dir);
    if (again) this.modules.set(dir, again);
    return again;
  }

  /** A root module, parsed again from its sources for one instantiation. */
  rootModule(dir: string): ModuleDef | undefined {
    const sources = this.released.get(dir);
    if (!sources) return this.modules.get(dir);
    this.released.delete(dir);
    return new ModuleDef(dir, sources.map(relocate));
  }

  display(abs: string): string {
    return displayPath(this.options.cwd, abs);
  }

  readFile(absPath: string): SourceText | undefined {
    if (!this.files.has(absPath)) {
      try {
        this.files.set(absPath, new SourceText(this.display(absPath), readFileSync(absPath, 'utf8').replace(/^\uFEFF/, '')));
      } catch {
        this.files.set(absPath, null);
      }
    }
    return this.files.get(absPath) ?? undefined;
  }

  childModule(parent: ModuleDef, source: string): ModuleDef | undefined {
    const dir = isLocalSource(source) ? resolve(parent.dir, source) : this.installed.get(`${parent.dir}\u0000${source}`);
    return dir === undefined ? undefined : this.moduleAt(dir);
  }

  /** Registry/git module directories that `terraform init` installed, by calling module dir + source. */
  private readonly installed = new Map<string, string>();
  private readonly manifests = new Map<string, { Key: string; Source: string; Dir: string }[] | null>();

  /** The directory `terraform init` installed a remote module call into (.terraform/modules/modules.json). */
  private installedDir(def: ModuleDef, name: string, source: string): string | undefined {
    const norm = (s: string) => s.replace(/^registry\.terraform\.io\//, '');
    let d = def.dir;
    for (let i = 0; i < 8; i++) {
      const manifest = join(d, '.terraform', 'modules', 'modules.json');
      if (!this.manifests.has(manifest)) {
        let entries: { Key: string; Source: string; Dir: string }[] | null = null;
        try {
          entries = (JSON.parse(readFileSync(manifest, 'utf8')) as { Modules?: { Key: string; Source: string; Dir: string }[] }).Modules ?? null;
        } catch {
          entries = null;
        }
        this.manifests.set(manifest, entries);
      }
      const hit = this.manifests.get(manifest)?.find((e) => e.Key.split('.').pop() === name && norm(e.Source) === norm(source));
      if (hit) return resolve(d, hit.Dir);
      if (dirname(d) === d) break;
      d = dirname(d);
    }
    return undefined;
  }

  dataAttribute = dataAttribute;
  resourceAttribute = resourceAttribute;

  /** Loads the modules called from `def` (recursively) that are on disk but were not passed in. */
  async loadCalledModules(def: ModuleDef, depth = 0): Promise<void> {
    for (const [name, call] of def.calls) {
      const source = ModuleDef.callSource(call);
      const at = call.header.src.position(call.header.s);
      const installed = source !== undefined && !isLocalSource(source) ? this.installedDir(def, name, source) : undefined;
      if (installed !== undefined && source !== undefined) this.installed.set(`${def.dir}\u0000${source}`, installed);
      if (source === undefined || (!isLocalSource(source) && installed === undefined)) {
        this.errors.push({
          file: call.header.src.path,
          line: at.line,
          column: at.column,
          level: 'note',
          message: `module "${name}" (source ${source ?? 'not a literal string'}) is not on disk: its resources are not analyzed and values it outputs are unknown (run terraform init to install it)`,
        });
        continue;
      }
      const dir = installed ?? resolve(def.dir, source);
      this.called.add(dir);
      if (this.modules.has(dir) || this.released.has(dir) || this.inputDirs.has(dir) || depth > 20) continue;
      const files = existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir).filter((f) => isTerraformFile(f)).sort() : [];
      if (files.length === 0) {
        this.errors.push({ file: call.header.src.path, line: at.line, column: at.column, level: 'warning', message: `module "${name}": no Terraform files in ${source}` });
        continue;
      }
      const inputs: FileInput[] = files.map((f) => {
        const abs = join(dir, f);
        return { path: this.display(abs), text: () => readFileSync(abs, 'utf8').replace(/^\uFEFF/, '') };
      });
      const parsed = (await parseFiles(inputs, this.errors, this.background)).filter((p): p is ParsedFile => p !== undefined);
      this.scanned.push(...inputs.map((i) => i.path));
      reportDuplicateBlocks(parsed, this.errors);
      const child = new ModuleDef(dir, parsed);
      this.modules.set(dir, child);
      await this.loadCalledModules(child, depth + 1);
    }
  }
}

const NO_ROOTS: EvalEnv = { root: () => undefined, moduleDir: '.', rootDir: '.', readFile: () => undefined };

/** Variable values of a tfvars file (HCL or JSON), evaluated without references. */
async function readTfvars(project: Project, abs: string): Promise<Map<string, TV>> {
  const out = new Map<string, TV>();
  const text = project.readFile(abs);
  if (!text) {
    project.errors.push({ file: project.display(abs), message: 'variable file not found', level: 'error' });
    return out;
  }
  const parsed = await parseFile(text.path, text.text, project.errors);
  if (!parsed) return out;
  const scope = new Scope({ ...NO_ROOTS, moduleDir: dirname(abs), rootDir: dirname(abs) });
  for (const [name, a] of parsed.body.attrs) out.set(name, evaluate(a.expr(), a.span.src, scope));
  return out;
}

/** Terraform's precedence: terraform.tfvars < *.auto.tfvars (lexical) < --var-file (in order) < --var. */
async function rootInputs(project: Project, dir: string): Promise<InputSource> {
  const layers: Map<string, TV>[] = [];
  const names = existsSync(dir) ? readdirSync(dir).sort() : [];
  for (const n of ['terraform.tfvars', 'terraform.tfvars.json']) if (names.includes(n)) layers.push(await readTfvars(project, join(dir, n)));
  for (const n of names) if (n.endsWith('.auto.tfvars') || n.endsWith('.auto.tfvars.json')) layers.push(await readTfvars(project, join(dir, n)));
  for (const f of project.options.tfVarFiles) layers.push(await readTfvars(project, isAbsolute(f) ? f : resolve(project.options.cwd, f)));
  const cli = new Map<string, TV>();
  for (const [k, v] of Object.entries(project.options.tfVars)) cli.set(k, cliValue(v));
  layers.push(cli);
  return (name) => {
    for (let i = layers.length - 1; i >= 0; i--) {
      const v = layers[i]?.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

/** A --var value: HCL for collections (`["a","b"]`, `{k="v"}`), a plain string otherwise. */
function cliValue(text: string): TV {
  const src = new SourceText(`--var`, text);
  const span = { src, s: 0, e: text.length };
  const t = text.trim();
  if (t.startsWith('[') || t.startsWith('{')) {
    try {
      const body: HclBody = locate(new SourceText('--var', `v = ${text}`));
      const a = body.attrs.get('v');
      if (a) return evaluate(a.expr(), a.span.src, new Scope(NO_ROOTS));
    } catch {
      // fall through to a plain string
    }
  }
  return { k: 'str', v: text, span };
}

/** Evaluates one root module and reads its resources into the model. */
async function addRoot(project: Project, builder: EstateBuilder, dir: string): Promise<void> {
  const def = project.rootModule(dir) as ModuleDef;
  const root = new ModuleInstance(project, def, '', [], await rootInputs(project, dir), undefined, '');
  builder.addConfiguration(resourcesOf(root));
}

/** Every resource instance of a root module and the modules it calls, by type. */
function resourcesOf(root: ModuleInstance): ByType {
  const out: ByType = new Map();
  for (const mod of root.walk()) {
    for (const def of mod.def.resources.values()) {
      const list = out.get(def.type) ?? [];
      // One push per instance: spreading a count of 200,000 into push() overflows the call stack.
      for (const inst of mod.instances(def)) list.push(inst);
      out.set(def.type, list);
    }
  }
  return out;
}

export async function loadTerraform(files: CandidateFile[], options: LoadOptions): Promise<LoadResult & { estate: Estate }> {
  const first = await loadOnce(files, options, new Set());
  const syntaxErrors: InputError[] = [];
  const failed = new Set<string>();
  const locatorErrors = new Map(first.result.errors.filter((e) => e.level === 'error').map((e) => [e.file, e]));
  for (const { path, result } of first.checks) {
    const r = await result;
    if (r.ok) continue;
    failed.add(path);
    // The parser's own diagnostic is the better message; when it has none, our locator's positioned one is.
    const ours = locatorErrors.get(path);
    syntaxErrors.push(
      !r.positioned && ours ? ours : { file: path, line: r.line, column: r.column, message: r.positioned ? `HCL syntax error: ${r.message}` : r.message, level: 'error' },
    );
  }
  if (failed.size === 0) return first.result;
  // Rare: a file the parser rejects. Load again without it, so nothing it declares reaches the model.
  const second = await loadOnce(files, options, failed);
  const reported = new Set(syntaxErrors.map((e) => e.file));
  return { ...second.result, errors: [...syntaxErrors, ...second.result.errors.filter((e) => !(e.level === 'error' && reported.has(e.file)))], files: [...new Set([...second.result.files, ...failed])].sort() };
}

async function loadOnce(
  files: CandidateFile[],
  options: LoadOptions,
  excluded: Set<string>,
): Promise<{ result: LoadResult & { estate: Estate }; checks: BackgroundChecks['pending'] }> {
  const errors: InputError[] = [];
  const background: BackgroundChecks = { pending: [], excluded };
  const byDir = new Map<string, CandidateFile[]>();
  for (const f of files) {
    const dir = dirname(f.absPath);
    const list = byDir.get(dir);
    if (list) list.push(f);
    else byDir.set(dir, [f]);
  }
  const project = new Project(options, errors, background, new Set(byDir.keys()));
  // Each directory is read and each root evaluated in a function of its own: a variable of this (async)
  // function would keep the last directory's syntax trees alive until the whole load ends.
  for (const [dir, list] of byDir) await project.addInputDirectory(dir, list);
  const builder = new EstateBuilder();
  for (const dir of byDir.keys()) {
    // A called module is evaluated through its callers; a root with a plan next to it is evaluated by the plan loader.
    if (project.called.has(dir) || dirHasPlan(dir)) continue;
    await addRoot(project, builder, dir);
  }
  const estate = builder.finish();
  return { result: { estate, errors, files: [...new Set(project.scanned)].sort() }, checks: background.pending };
}
