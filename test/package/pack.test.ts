// crank as a user gets it: `npm pack`, then in an empty folder `npm init -y` and `npm
// install` of the tarball with dev dependencies left out (test/support/packed-crank.ts),
// then the installed `crank` command on a shipped model and on a model file written in
// that folder, and the library from a plain script. Nothing here uses the repository's
// own node_modules: the installed package must bring everything it needs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPackedCrank } from '../support/packed-crank.ts';
import { median, repoRoot, sh, shOk } from '../support/user-shell.ts';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

// A model file as docs/writing-a-model.md teaches: plain `.ts` in a CommonJS folder,
// importing from 'crank', with a parameter, a variant, string values that are not model
// values, and a symmetry. With the lock, the states form a tree: for N clients, the
// ordered sequences of k finished clients, each with no client or one of the others
// holding the lock; with --clients 7 that is 27,399 states, whose widest levels hold
// 5,040 (past the 4,096 at which the search hands over to worker threads). A constant
// record (\`config\`, made with crank's recordType) changes no count, but every state
// carries it across threads: the model's recordType must be the engine's, in the main
// thread and in each worker.
const MODEL = `import { Map } from 'immutable';
import { defineModel, recordType, type Spec } from 'crank';

const Config = recordType('Config', { clients: 0 });

type Step = 'start' | 'read' | 'done';
interface CounterState {
  readonly count: number;
  readonly locked: boolean;
  readonly pc: Map<string, Step>;
  readonly copy: Map<string, number>;
  readonly config: ReturnType<typeof Config>;
}
interface CounterEvent {
  readonly type: 'Read' | 'Write';
  readonly client: string;
}

function counter(n: number, variant: string | undefined): Spec<CounterState, CounterEvent> {
  const clients = Array.from({ length: n }, (_, i) => \`c\${i + 1}\`);
  return {
    variables: ['count', 'locked', 'pc', 'copy', 'config'],
    initialStates: () => [
      { count: 0, locked: false, pc: Map(clients.map((c) => [c, 'start'])), copy: Map(clients.map((c) => [c, 0])), config: Config({ clients: n }) },
    ],
    events: () => clients.flatMap((client) => [{ type: 'Read', client }, { type: 'Write', client }]),
    next(s, { type, client }) {
      const at = s.pc.get(client);
      const mayRead = !s.locked || variant === 'no-lock';
      if (type === 'Read' && at === 'start' && mayRead) {
        return [{ ...s, locked: true, pc: s.pc.set(client, 'read'), copy: s.copy.set(client, s.count) }];
      }
      if (type === 'Write' && at === 'read') {
        return [{ ...s, locked: false, pc: s.pc.set(client, 'done'), count: s.copy.get(client)! + 1 }];
      }
      return [];
    },
    invariants: { AllCounted: (s) => !s.pc.every((step) => step === 'done') || s.count === n },
    checkDeadlock: false,
    modelValues: clients,
    symmetry: {
      groups: [{ name: 'clients', members: clients }],
      membersByName: true,
      permute(s, [perm]) {
        const rename = (c: string) => clients[perm![clients.indexOf(c)]!]!;
        return { ...s, pc: s.pc.mapKeys(rename), copy: s.copy.mapKeys(rename) };
      },
    },
  };
}

export default defineModel({
  name: 'counter',
  params: { clients: { description: 'number of clients (c1..cN)', default: 2, min: 1, max: 9 } },
  variants: { 'no-lock': 'a client reads the counter without taking the lock' },
  build: ({ clients }, variant) => counter(clients!, variant),
});
`;

// The library without vitest: a script run with tsx (installed with crank).
const SCRIPT = `import { buildModel, check, formatTrace } from 'crank';

const three = await buildModel('./my-model.ts', { params: { clients: 3 } });
const plain = await check(three.spec);
const reduced = await check(three.spec, { symmetry: true });
const broken = await buildModel('./my-model.ts', { variant: 'no-lock' });
const lost = await check(broken.spec);
console.log(JSON.stringify({
  plain: [plain.verdict, plain.distinct, plain.generated, plain.depth],
  reduced: [reduced.verdict, reduced.distinct, reduced.generated, reduced.depth],
  lost: [lost.verdict, lost.violation?.property, lost.violation?.steps.length],
}));
console.log(JSON.stringify(formatTrace(broken.spec, lost.violation, 'tla').split('\\n').filter((l) => l.startsWith('/\\\\ pc = '))));
`;

// A user's TypeScript against the installed declarations: an interface-typed state (no
// index signature) through defineModel, check and formatTrace, and a wrong use that
// must be refused (it would pass if 'crank' resolved to no types, as \`any\`).
const TYPED = `import { check, defineModel, formatTrace, type CheckResult, type Spec } from 'crank';

interface Light {
  readonly colour: 'red' | 'green';
}
const light: Spec<Light, 'flip'> = {
  variables: ['colour'],
  initialStates: () => [{ colour: 'red' }],
  events: () => ['flip'],
  next: (s) => [{ colour: s.colour === 'red' ? 'green' : 'red' }],
  invariants: { Red: (s) => s.colour === 'red' },
};
export const model = defineModel({ name: 'light', build: () => light });
const result: CheckResult<Light> = await check(light, { workers: 1 });
const distinct: number = result.distinct;
export const text: string = result.violation === undefined ? String(distinct) : formatTrace(light, result.violation, 'text');
// @ts-expect-error distinct is a number, not a string
export const wrong: string = result.distinct;
`;

const TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [] },
  files: ['typed.mts'],
});

// A model that throws on line 5: the report names this file and line.
const THROWS = `import { defineModel } from 'crank';

const step = (x: number): { x: number }[] => {
  if (x === 1) {
    throw new Error('x reached one');
  }
  return [{ x: x + 1 }];
};
export default defineModel({
  name: 'thrower',
  build: () => ({ variables: ['x'], initialStates: () => [{ x: 0 }], events: () => ['tick'], next: (s: { x: number }) => step(s.x) }),
});
`;

let root = '';
let app = '';

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'crank-pack-'));
  ({ app } = await installPackedCrank(root, shOk));
  writeFileSync(join(app, 'my-model.ts'), MODEL);
  shOk('mkdir esm', app);
  writeFileSync(join(app, 'esm', 'package.json'), JSON.stringify({ name: 'esm-models', version: '1.0.0', type: 'module' }));
  writeFileSync(join(app, 'esm', 'my-model.ts'), MODEL);
  writeFileSync(join(app, 'figures.mjs'), SCRIPT);
  writeFileSync(join(app, 'throws.ts'), THROWS);
  writeFileSync(join(app, 'typed.mts'), TYPED);
  writeFileSync(join(app, 'tsconfig.json'), TSCONFIG);
}, 150_000);

afterAll(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

const crank = (args: string) => sh(`npx crank ${args}`, app);

interface JsonResult {
  readonly result: string;
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly workers: number;
}

describe('the packed package, installed in an empty folder', () => {
  it('holds the compiled JavaScript with its declarations, the worker entries and the licence; no sources, no tests', () => {
    const files = shOk(`tar tzf ${root}/pack/crank-*.tgz`, root).stdout.split('\n').filter((f) => f !== '');
    for (const f of [
      'package/package.json',
      'package/LICENSE',
      'package/src/bin/crank.mjs',
      'package/dist/src/index.js',
      'package/dist/src/index.d.ts',
      'package/dist/src/cli/process.js',
      'package/dist/checker/thread-entry.mjs',
      'package/dist/checker/worker-entry.mjs',
      'package/dist/checker/worker.js',
      'package/dist/spec/index.js',
      'package/dist/src/explore/check-worker-entry.mjs',
      'package/dist/src/explore/assets/index.html',
      'package/dist/src/explore/page/main.ts',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('package/test/'))).toEqual([]);
    // TypeScript only as declarations, and the explorer page's source, which esbuild
    // bundles for the browser when `crank explore` starts.
    expect(files.filter((f) => /\.(ts|mts)$/.test(f) && !f.endsWith('.d.ts'))).toEqual(['package/dist/src/explore/page/main.ts']);
    const installed = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { type?: string; dependencies?: Record<string, string> };
    expect(installed.type ?? 'commonjs', 'npm init -y makes a CommonJS folder').toBe('commonjs');
    expect(Object.keys(installed.dependencies ?? {})).toEqual(['crank']);
  });

  it('npx crank check traffic-light: no violation, 208 distinct states', () => {
    const r = crank('check traffic-light');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('418 states generated, 208 distinct states found, depth 99.');
  });

  it('npx crank --version prints the package version', () => {
    const r = crank('--version');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('npx crank check ./my-model.ts: a .ts model in a CommonJS folder, importing from crank', () => {
    const r = crank('check ./my-model.ts');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('No violation found.');
    expect(r.stdout).toContain('9 states generated, 9 distinct states found, depth 5.');
  });

  it('a .ts model in an ES module folder ("type": "module") checks the same', () => {
    const r = sh('node ../node_modules/crank/src/bin/crank.mjs check ./my-model.ts', join(app, 'esm'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('9 states generated, 9 distinct states found, depth 5.');
  });

  it("a model's exception: one line, then a frame with the user's file and line", () => {
    const r = crank('check ./throws.ts');
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.split('\n');
    const at = lines.findIndex((l) => l.startsWith('crank: '));
    expect(lines[at]).toBe('crank: model error: next(state, tick) on state x = 1 threw: x reached one');
    expect(lines[at + 1]!.trim()).toBe(`at step (${join(app, 'throws.ts')}:5:11)`);
  });

  it('--workers 2 --json: the search really moves to two worker threads', () => {
    const r = crank('check ./my-model.ts --clients 7 --workers 2 --json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as JsonResult;
    expect(json).toMatchObject({ result: 'ok', distinct: 27_399, generated: 27_399, depth: 15, workers: 2 });
  });

  it('--symmetry --json: one state per orbit of renamed clients', () => {
    const r = crank('check ./my-model.ts --clients 4 --symmetry --json');
    expect(r.code, r.stderr).toBe(0);
    // An orbit per number k of finished clients, with or without a holder of the lock, and
    // all four done: 9 (129 states without symmetry).
    expect(JSON.parse(r.stdout) as JsonResult).toMatchObject({ result: 'ok', distinct: 9, depth: 9 });
  });

  it('--trace-format tla: declared model values bare, other strings quoted; the trace replays', () => {
    const r = crank('check ./my-model.ts --variant no-lock --trace-format tla --out t.tla');
    expect(r.code, r.stderr).toBe(1);
    const tla = readFileSync(join(app, 't.tla'), 'utf8');
    expect(tla).toContain('/\\ pc = (c1 :> "read" @@ c2 :> "read")');
    expect(tla).toContain('State 5: <Write(c2)>');
    const back = crank('replay ./my-model.ts t.tla');
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain('Trace accepted: t.tla');
  });

  it('crank replay ./my-model.ts t.json: its own JSON trace is a behavior of the model', () => {
    const r = crank('check ./my-model.ts --variant no-lock --trace-format json --out t.json');
    expect(r.code, r.stderr).toBe(1);
    const back = crank('replay ./my-model.ts t.json');
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain('Trace accepted: t.json (crank\'s JSON trace, 5 states) is a behavior of counter with --clients 2 --variant no-lock.');
  });

  it('the library from a script run with tsx: buildModel, check, formatTrace', () => {
    const r = sh('npx tsx figures.mjs', app);
    expect(r.code, r.stderr).toBe(0);
    const [figures, pcLines] = r.stdout.trim().split('\n');
    expect(JSON.parse(figures!)).toEqual({ plain: ['ok', 31, 31, 7], reduced: ['ok', 7, 10, 7], lost: ['violation', 'AllCounted', 5] });
    // The lost update, as TLC prints it: the steps are strings, the clients model values.
    expect(JSON.parse(pcLines!)).toEqual([
      '/\\ pc = (c1 :> "start" @@ c2 :> "start")',
      '/\\ pc = (c1 :> "read" @@ c2 :> "start")',
      '/\\ pc = (c1 :> "read" @@ c2 :> "read")',
      '/\\ pc = (c1 :> "done" @@ c2 :> "read")',
      '/\\ pc = (c1 :> "done" @@ c2 :> "done")',
    ]);
  });

  it('the library from plain node, with no loader: the same script, the same figures', () => {
    const r = sh('node figures.mjs', app);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n')[0]!)).toEqual({ plain: ['ok', 31, 31, 7], reduced: ['ok', 7, 10, 7], lost: ['violation', 'AllCounted', 5] });
  });

  it("the library's declarations: a user's strict TypeScript typechecks against them", () => {
    // The user's folder has no TypeScript (crank does not bring it): the repository's
    // compiler checks the user's file, resolving 'crank' from the user's node_modules.
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = sh(`node ${tsc} -p tsconfig.json`, app);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('start-up time of `crank list`, through npx and straight from node', () => {
    const time = (command: string): number[] =>
      Array.from({ length: 5 }, () => {
        const r = sh(command, app);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('traffic-light');
        return r.ms;
      });
    const viaNpx = median(time('npx crank list'));
    const viaNode = median(time('node node_modules/crank/src/bin/crank.mjs list'));
    console.log(`crank list start-up, median of 5: npx crank ${viaNpx.toFixed(0)} ms; node …/crank.mjs ${viaNode.toFixed(0)} ms`);
  });
});
