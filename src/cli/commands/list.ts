// `crank list`: the models crank ships, with their parameters, presets, variants and
// invariants.
import type { CommandModule } from 'yargs';
import { models } from '../../../spec/index.ts';
import { optionName } from '../model-options.ts';

export const listCommand: CommandModule = {
  command: 'list',
  describe: 'list the models, their parameters, presets, variants and invariants',
  handler: () => {
    const out: string[] = [];
    for (const m of models) {
      out.push(`${m.name} — ${m.summary}`);
      const params = Object.entries(m.params);
      if (params.length > 0) {
        out.push('  parameters:');
        for (const [name, p] of params) out.push(`    --${optionName(name).padEnd(12)} ${p.description} (default ${p.default})`);
      }
      const presets = Object.entries(m.presets ?? {});
      if (presets.length > 0) {
        out.push('  presets:');
        for (const [name, values] of presets) {
          const mark = name === m.defaultPreset ? ' (default)' : '';
          out.push(`    ${name}${mark}: ${Object.entries(values).map(([k, v]) => `${k}=${v}`).join(' ')}`);
        }
      }
      const variants = Object.entries(m.variants ?? {});
      if (variants.length > 0) {
        out.push('  variants (--variant NAME):');
        for (const [name, what] of variants) out.push(`    ${name}: ${what}`);
      }
      const defaults = Object.fromEntries(Object.entries(m.params).map(([k, p]) => [k, p.default]));
      const preset = m.defaultPreset !== undefined ? m.presets?.[m.defaultPreset] : undefined;
      const spec = m.build({ ...defaults, ...preset });
      out.push('  invariants:');
      for (const [name, inv] of Object.entries(spec.invariants)) out.push(`    ${name}: ${inv.description}`);
      if (spec.defaultInvariants !== undefined) out.push(`    (checked unless --inv says otherwise: ${spec.defaultInvariants.join(', ')})`);
      out.push('');
    }
    process.stdout.write(out.join('\n'));
  },
};
