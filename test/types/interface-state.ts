// Compiled by `npm run typecheck` (it is not a vitest file): the library's functions take a
// model whose state type is an `interface`, with no index signature, as `defineModel`
// does, and give its results back with that type. Before the library's signatures said
// `S extends StateLike`, each call below was a type error (an interface is not
// assignable to `State`'s index signature); the `@ts-expect-error` lines show the
// results are typed, not `any`.
import {
  check,
  checkResultJson,
  defineModel,
  formatTrace,
  formatTraceForFile,
  replay,
  simulate,
  simulateResultJson,
  type CheckResult,
  type Counterexample,
  type ReplayResult,
  type SimulateResult,
  type Spec,
  type TraceFile,
  type TraceStep,
} from '../../src/index.ts';

interface Light {
  readonly colour: 'red' | 'green';
  readonly ticks: number;
}
type Flip = { readonly type: 'flip' };

const light: Spec<Light, Flip> = {
  variables: ['colour', 'ticks'],
  initialStates: () => [{ colour: 'red', ticks: 0 }],
  events: () => [{ type: 'flip' }],
  next: (s) => (s.ticks < 3 ? [{ colour: s.colour === 'red' ? 'green' : 'red', ticks: s.ticks + 1 }] : []),
  invariants: { Red: (s) => s.colour === 'red' },
};

export const model = defineModel({ name: 'light', build: () => light });

export async function uses(trace: TraceFile): Promise<void> {
  const checked: CheckResult<Light> = await check(light, { workers: 1 });
  const cex: Counterexample<Light> | undefined = checked.violation;
  if (cex !== undefined) {
    const first: TraceStep<Light> = cex.steps[0]!;
    const colour: 'red' | 'green' = first.state.colour;
    // @ts-expect-error a Light has no variable 'speed'
    void first.state.speed;
    void colour;
    const text: string = formatTrace(light, cex, 'tla');
    const file: string = formatTraceForFile('t.json', light, cex, 'json');
    void [text, file];
  }
  const simulated: SimulateResult<Light> = await simulate(light, { depth: 10, runs: 3, seed: 1 });
  const replayed: ReplayResult<Light> = replay(light, trace);
  const id = { model: 'light', params: {} };
  void [checkResultJson(id, light, checked), simulateResultJson(id, light, 1, simulated), replayed];
  // @ts-expect-error distinct is a number
  const wrong: string = checked.distinct;
  void wrong;
}
