import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The package root (where package.json and schemas/ live), whether running from src/ or dist/. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'schemas'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('s3lint: cannot find the package root (package.json next to schemas/)');
    dir = parent;
  }
  cachedRoot = dir;
  return dir;
}

export function schemaPath(name: string): string {
  return join(packageRoot(), 'schemas', name);
}
