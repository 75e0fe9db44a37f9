// `crank simulate <model>`: random behaviors, checked at every step; a violation prints
// its trace and a command that walks the failing behavior again, alone.
import { simulate } from '../../../checker/simulate.ts';
import { guardedSpec } from '../../../checker/model-guard.ts';
import { UnknownInvariantError } from '../../../checker/errors.ts';
import { instantiate } from '../../models.ts';
import { simulateResultJson } from '../../results.ts';
import type { Command } from '../command.ts';
import { EXIT_OK, EXIT_STOPPED, EXIT_VIOLATION, UsageError } from '../errors.ts';
import { Painter } from '../io.ts';
import { modelChoice, PRESET_AND_VARIANT, MODEL_POSITIONAL } from '../model-options.ts';
import { count, seconds } from '../report.ts';
import { PROPERTY_AND_TRACE_OPTIONS, requireInvariants } from '../shared-options.ts';
import { checkTraceTarget, emitTrace, traceTarget } from '../trace-output.ts';

const DEFAULT_DEPTH = 100;

export const simulateCommand: Command = {
  name: 'simulate',
  describe: 'walk random behaviors of a model, checking invariants at every step',
  positionals: [MODEL_POSITIONAL],
  takesModel: true,
  options: [
    { name: 'depth', kind: 'int', min: 1, defaultText: String(DEFAULT_DEPTH), describe: 'states per behavior at most' },
    { name: 'runs', kind: 'int', min: 1, defaultText: '1000, or unbounded with --seconds', describe: 'number of behaviors' },
    { name: 'seconds', kind: 'number', describe: 'stop after this many seconds' },
    { name: 'seed', kind: 'string', defaultText: 'random, printed', describe: 'seed of the random walks: an integer, or the 32-hex-digit walk seed a violation reports' },
    ...PROPERTY_AND_TRACE_OPTIONS,
    ...PRESET_AND_VARIANT,
  ],
  epilog: 'Model parameters are options too: `crank simulate MODEL --help` lists those of MODEL.',
  async run({ options, model, words }, io) {
    const built = instantiate(model!, modelChoice(model!, options));
    const spec = built.spec;
    const painter = Painter.for(io, options.flag('color'));
    const json = options.flag('json') ?? false;
    const invariants = requireInvariants(built.definition.name, spec, options.list('inv'));
    const origin = { model: built.definition.name, params: built.params, variant: built.variant };
    const target = traceTarget(options, origin);
    checkTraceTarget(spec, target);
    const depth = options.int('depth') ?? DEFAULT_DEPTH;
    const seed = parseSeed(options.string('seed'));
    if (!json) io.err(`Simulating ${built.definition.name} with seed ${seed}, behaviors of up to ${depth} states...\n`);
    let r;
    try {
      r = await simulate(guardedSpec(spec, { everyState: options.flag('check-model') ?? false }), {
        seed,
        depth,
        runs: options.int('runs'),
        seconds: options.number('seconds'),
        invariants,
        checkDeadlock: options.flag('deadlock'),
        signal: io.signal,
      });
    } catch (err) {
      if (err instanceof UnknownInvariantError) throw new UsageError(err.message);
      throw err;
    }
    const cex = r.violation;
    const stopped = r.stoppedEarly !== undefined && cex === undefined;
    if (json) io.out(JSON.stringify(simulateResultJson(origin, spec, seed, r)) + '\n');
    else {
      if (cex !== undefined && target.out === undefined) emitTrace(spec, cex, target, io, painter, false);
      const verdict = stopped
        ? painter.paint(`Interrupted: ${r.stoppedEarly}. No violation found in the behaviors walked so far.`, 'bold', 'yellow')
        : r.verdict === 'ok'
          ? painter.paint('No violation found.', 'bold', 'green')
          : painter.paint(r.verdict === 'deadlock' ? 'Deadlock found.' : `Invariant ${cex!.property} is violated.`, 'bold', 'red');
      io.out(`${verdict}\n${count(r.runs)} behaviors, ${count(r.steps)} states, longest ${r.longest}, in ${seconds(r.durationMs)}. Seed ${seed}.\n`);
      if (cex !== undefined) io.out(`Reproduce this behavior alone with: ${reproduceLine(words, r.failingSeed!)}\n`);
    }
    if (cex !== undefined && target.out !== undefined) emitTrace(spec, cex, target, io, painter, json);
    else if (target.out !== undefined && !json && !stopped) io.out(`No counterexample; ${target.out} not written.\n`);
    if (stopped) return io.interruptExitCode?.() ?? EXIT_STOPPED;
    return cex === undefined ? EXIT_OK : EXIT_VIOLATION;
  },
};

function parseSeed(text: string | undefined): number | string {
  if (text === undefined) return Math.floor(Math.random() * 2 ** 31);
  if (/^-?[0-9]+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  if (/^[0-9a-f]{32}$/i.test(text)) return text.toLowerCase();
  throw new UsageError(`--seed must be an integer or a 32-hex-digit walk seed, got '${text}'`);
}

/**
 * The user's own words, with any seed, run count or time limit replaced by the failing
 * walk's seed and one run: it walks that behavior again and nothing else.
 */
export function reproduceLine(words: readonly string[], walkSeed: string): string {
  const kept: string[] = [];
  const replaced = new Set(['--seed', '--runs', '--seconds']);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const name = w.split('=')[0]!;
    if (replaced.has(name)) {
      if (!w.includes('=')) i++;
      continue;
    }
    kept.push(/^[A-Za-z0-9_./:=@+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);
  }
  return `crank simulate ${kept.join(' ')} --seed ${walkSeed} --runs 1`;
}
