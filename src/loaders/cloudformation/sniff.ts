/**
 * Cheap detection of CloudFormation templates among .yaml/.yml/.json/.template files: a top-level
 * AWSTemplateFormatVersion, or a Resources section holding `AWS::` types. Other files are not claimed.
 */
export const TEMPLATE_EXTENSIONS = ['.yaml', '.yml', '.json', '.template'];

// `[ \t]*`, not `\s*`, after the anchor: with `\s*` every newline of a long blank run restarts a scan to the end
// of the run (quadratic: minutes on 5 MB of blank lines). A key after blank lines still follows some newline.
const FORMAT_VERSION = /(^|[\n{,])[ \t]*["']?AWSTemplateFormatVersion["']?\s*:/;
const RESOURCES = /(^|[\n{,])[ \t]*["']?Resources["']?\s*:/;
const AWS_TYPE = /["']?Type["']?\s*:\s*["']?AWS::[A-Za-z0-9]+::/;

export function hasTemplateExtension(path: string): boolean {
  const lower = path.toLowerCase();
  return TEMPLATE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export function looksLikeTemplate(text: string): boolean {
  return FORMAT_VERSION.test(text) || (RESOURCES.test(text) && AWS_TYPE.test(text));
}

/** JSON or YAML: by extension, and for `.template` by the first significant character. */
export function isJsonSource(path: string, text: string): boolean {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return true;
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return false;
  return /^\s*\{/.test(text);
}
