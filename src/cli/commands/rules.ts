import { Command, Option } from 'commander';
import { allRules } from '../../engine/registry.js';
import type { RuleMeta } from '../../engine/rule.js';

function peers(meta: RuleMeta): string {
  return Object.values(meta.peers)
    .flatMap((ids) => ids ?? [])
    .join(' ');
}

export function register(program: Command): void {
  program
    .command('rules')
    .description('List every rule with its default state, severity and equivalent peer checks')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((opts: { format: string }) => {
      const metas = allRules().map((r) => r.meta);
      if (opts.format === 'json') {
        process.stdout.write(JSON.stringify(metas, null, 2) + '\n');
        return;
      }
      const rows = metas.map((m) => [m.id, m.name, m.enabledByDefault ? 'on' : 'off', m.defaultSeverity, m.presets.join(','), m.title, peers(m)]);
      const header = ['ID', 'NAME', 'DEFAULT', 'SEVERITY', 'PRESETS', 'TITLE', 'PEERS'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
      const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
      process.stdout.write([fmt(header), ...rows.map(fmt)].join('\n') + '\n');
    });
}
