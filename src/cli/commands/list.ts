// `crank list [model]`: the models crank ships (or one model, shipped or a file), with
// their parameters, presets, variants and invariants.
import { instantiate, listShippedModels, loadModel, type LoadedModel } from '../../models.ts';
import { invariantTable } from '../../spec-defaults.ts';
import { formNotation } from '../../liveness.ts';
import type { Command } from '../command.ts';
import { EXIT_OK } from '../errors.ts';
import { optionName } from '../model-options.ts';

function describeModel(loaded: LoadedModel): string[] {
  const m = loaded.definition;
  const out: string[] = [];
  out.push(`${m.name}${m.summary ? ` — ${m.summary}` : ''}${loaded.origin.kind === 'file' ? ` (${loaded.origin.path})` : ''}`);
  const params = Object.entries(m.params ?? {});
  if (params.length > 0) {
    out.push('  parameters:');
    for (const [name, p] of params) out.push(`    --${optionName(name).padEnd(12)} ${p.description} (integer, default ${p.default}${p.min !== undefined ? `, min ${p.min}` : ''}${p.max !== undefined ? `, max ${p.max}` : ''})`);
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
  const spec = instantiate(loaded).spec;
  const invariants = [...invariantTable(spec).values()];
  out.push(invariants.length > 0 ? '  invariants:' : '  invariants: none');
  for (const inv of invariants) out.push(`    ${inv.name}${inv.description ? `: ${inv.description}` : ''}`);
  if (spec.defaultInvariants !== undefined) out.push(`    (checked unless --inv says otherwise: ${spec.defaultInvariants.join(', ')})`);
  const properties = Object.entries(spec.properties ?? {});
  if (properties.length > 0) {
    out.push('  temporal properties (--prop NAME):');
    for (const [name, prop] of properties) out.push(`    ${name} (${formNotation(prop.form)}): ${prop.description}`);
    if (spec.defaultProperties !== undefined) out.push(`    (checked unless --prop says otherwise: ${spec.defaultProperties.join(', ') || 'none'})`);
    const fairness = spec.fairness ?? [];
    out.push(`  fairness: ${fairness.length > 0 ? fairness.map((f) => `${f.kind === 'weak' ? 'WF' : 'SF'}(${f.name})`).join(', ') : 'none'}`);
  }
  out.push(`  deadlock: ${spec.checkDeadlock === false ? 'not reported unless --deadlock' : 'reported (--no-deadlock turns it off)'}`);
  if (spec.symmetry !== undefined) out.push(`  symmetry (--symmetry): ${spec.symmetry.groups.map((g) => `${g.name} {${g.members.join(', ')}}`).join(', ')}`);
  out.push('');
  return out;
}

export const listCommand: Command = {
  name: 'list',
  describe: 'list the models crank ships, or describe one model (shipped or a file): parameters, presets, variants, invariants',
  positionals: [{ name: 'model', describe: 'a shipped model or a model file (default: every shipped model)', optional: true }],
  takesModel: false,
  options: [],
  async run({ positionals }, io) {
    const name = positionals['model'];
    const models: LoadedModel[] = name !== undefined ? [await loadModel(name)] : listShippedModels().map((definition) => ({ definition, origin: { kind: 'shipped' as const, name: definition.name } }));
    io.out(models.flatMap(describeModel).join('\n'));
    return EXIT_OK;
  },
};
