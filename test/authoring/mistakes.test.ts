// Each mistake a model author was seen to make gives a clear error, exit 2, naming the
// variable, event or state: never a silently wrong count (issue: own models, item 4).
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { BufferIo } from '../../src/cli/io.ts';

// The models live in a CommonJS folder (no package.json: what Node assumes), as after
// `npm init -y`, with immutable installed: here a link to the repository's node_modules
// (rmSync removes the link, never what it points to).
const dir = mkdtempSync(join(tmpdir(), 'crank-authoring-'));
symlinkSync(fileURLToPath(new URL('../../node_modules', import.meta.url)), join(dir, 'node_modules'), 'dir');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const crankEntry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

/** Writes a jug model (the Die Hard puzzle) whose `next` body is `nextBody`. */
function jugModel(name: string, nextBody: string, extra = ''): string {
  const file = join(dir, `${name}.ts`);
  writeFileSync(
    file,
    `import { defineModel } from ${JSON.stringify(crankEntry)};
import { List, Set as ISet, Record } from 'immutable';
void List; void ISet; void Record;
interface Jugs { small: number; big: number }
export default defineModel<Jugs, string>({
  name: '${name}',
  build: () => ({
    variables: ['small', 'big'],
    initialStates: () => [{ small: 0, big: 0 }],
    events: () => ['FillSmall', 'FillBig', 'EmptySmall', 'EmptyBig', 'SmallToBig', 'BigToSmall'],
    next: (s: Jugs, e: string): Jugs[] => { ${nextBody} },
    ${extra}
  }),
});
`,
  );
  return file;
}

const correctNext = `
  switch (e) {
    case 'FillSmall': return [{ ...s, small: 3 }];
    case 'FillBig': return [{ ...s, big: 5 }];
    case 'EmptySmall': return [{ ...s, small: 0 }];
    case 'EmptyBig': return [{ ...s, big: 0 }];
    case 'SmallToBig': { const p = Math.min(s.small, 5 - s.big); return [{ small: s.small - p, big: s.big + p }]; }
    default: { const p = Math.min(s.big, 3 - s.small); return [{ small: s.small + p, big: s.big - p }]; }
  }`;

async function run(words: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = new BufferIo();
  const code = await main(words, io);
  return { code, out: io.stdout, err: io.stderr };
}

function expectOneLine(err: string, pattern: RegExp): void {
  // The run's header comes first on stderr; then exactly one line of crank's saying.
  const lines = err.split('\n').filter((l) => l.startsWith('crank:'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(err).not.toMatch(/internal error/);
}

describe('a model file checks as a shipped model does', () => {
  it('the correct jug model: TLC figures (16 distinct, 97 generated, depth 8)', async () => {
    const r = await run(['check', jugModel('jug', correctNext), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ result: 'ok', distinct: 16, generated: 97, depth: 8 });
  });
});

describe('mistakes in a model are errors, exit 2', () => {
  it('next mutates its input state', async () => {
    const file = jugModel('mutates', `if (e === 'FillSmall') { (s as { small: number }).small = 3; return [s]; } ${correctNext}`);
    const r = await run(['check', file]);
    expect(r.code).toBe(2);
    expectOneLine(r.err, /^crank: model error: next\(state, FillSmall\) on state small = 0, big = 0 changed its input state \(property small\)/);
    // The trace to the state it failed on: the initial state.
    expect(r.out).toContain('State 1: Initial predicate');
  });

  it('next mutates its input in sloppy-mode code (a model file loaded as CommonJS), where a frozen object ignores the write', async () => {
    // new Function's body is sloppy mode, as a .ts file in a "type": "commonjs" folder is.
    const file = jugModel('mutates-sloppy', `if (e === 'FillSmall') { new Function('s', 's.small = 3')(s); return [s]; } ${correctNext}`);
    const r = await run(['check', file]);
    expect(r.code).toBe(2);
    expectOneLine(r.err, /changed its input state \(property small\)/);
  });

  it.each(['mts', 'ts'])('next assigns into a plain value of its input (a model written with immer, a .%s file)', async (ext) => {
    // An ES module is strict-mode code, a .ts file here (no package.json: CommonJS) is
    // sloppy, where an assignment to a frozen object would be ignored without a word.
    const file = join(dir, `immer-mutates.${ext}`);
    writeFileSync(
      file,
      `import { produce } from 'immer';
import { defineModel } from ${JSON.stringify(crankEntry)};
interface S { readonly pc: Readonly<Record<string, string>> }
export default defineModel<S, string>({
  name: 'immer-mutates',
  build: () => ({
    variables: ['pc'],
    initialStates: () => [{ pc: { c1: 'start', c2: 'start' } }],
    events: () => ['c1', 'c2'],
    next: (s: S, c: string): S[] => {
      if (s.pc[c] !== 'start') return [];
      if (c === 'c2') { (s.pc as Record<string, string>)[c] = 'done'; return [s]; }
      return [produce(s, (d) => { d.pc[c] = 'done'; })];
    },
    checkDeadlock: false,
  }),
});
`,
    );
    const r = await run(['check', file]);
    expect(r.code).toBe(2);
    expectOneLine(r.err, /^crank: model error: next\(state, c2\) on state pc = \[c1 \|-> start, c2 \|-> start\] changed its input state \(property pc\.c2\)/);
    expect(r.out).toContain('State 1: Initial predicate');
  });

  it('a state without a declared variable', async () => {
    const r = await run(['check', jugModel('missing', `return e === 'FillBig' ? [{ small: s.small } as Jugs] : [s];`)]);
    expect(r.code).toBe(2);
    expectOneLine(r.err, /^crank: model error: a successor of next\(state, FillBig\) has no variable 'big'/);
  });

  it('a state with a key that is not a variable', async () => {
    const r = await run(['check', jugModel('extra', `return [{ ...s, medium: 1 } as Jugs];`)]);
    expect(r.code).toBe(2);
    expectOneLine(r.err, /has a key 'medium' that is not a declared variable/);
  });

  it.each([
    ['a JavaScript Set', 'new Set([1])', /variable big is a JavaScript Set: use immutable.js Set/],
    // Plain objects and arrays are values (a model written with immer); these are not.
    ['a class instance', 'new (class Jug { small = 1 })()', /variable big is a Jug object, not a plain one: crank values are plain objects and arrays \(as immer makes them\)/],
    ['a plain object in a Set', 'ISet([{ x: 1 }])', /variable big \(an element\) is a plain object inside an element of the immutable.js Set variable big: immutable.js compares plain objects and arrays by reference there/],
    ['a plain object with a field that is no name', "{ 'x-1': 1 }", /variable big has a field 'x-1', which is no TLA\+ name/],
    ['a Record not made with recordType', "Record({ x: 1 }, 'Loose')()", /variable big is an immutable.js Record not made with recordType\(\)/],
    ['a fraction', '2.5', /variable big is 2.5: crank values are integers/],
    ['a fraction inside a List', 'List([1, 0.5])', /variable big\[1\] is 0.5/],
  ])('a value crank cannot fingerprint: %s', async (_what, value, message) => {
    const r = await run(['check', jugModel(`bad-${_what.replace(/\W+/g, '-')}`, `return e === 'FillBig' ? [{ ...s, big: ${value} as unknown as number }] : [s];`)]);
    expect(r.code).toBe(2);
    expectOneLine(r.err, message);
  });

  it('next returning something that is not an array', async () => {
    const r = await run(['check', jugModel('not-array', `return (e === 'FillBig' ? { ...s, big: 5 } : [s]) as Jugs[];`)]);
    expect(r.code).toBe(2);
    expectOneLine(r.err, /^crank: model error: next\(state, FillBig\) returned a object, not an array of states/);
  });

  it('an invariant returning a non-boolean', async () => {
    const r = await run(['check', jugModel('non-boolean', correctNext, `invariants: { Small: (s: Jugs) => (s.big as unknown as boolean) },`)]);
    expect(r.code).toBe(2);
    expectOneLine(r.err, /^crank: model error: invariant Small returned a number, not true or false/);
  });

  it("an exception thrown by the model's own code: the event, the state, and the frame in the user's file", async () => {
    const file = jugModel('throws', `if (s.big === 5) throw new Error('the big jug overflowed'); ${correctNext}`);
    const r = await run(['check', file]);
    expect(r.code).toBe(2);
    expectOneLine(r.err, /^crank: model error: next\(state, \w+\) on state small = \d+, big = 5 threw: the big jug overflowed/);
    expect(r.err).toContain('throws.ts');
    expect(r.out).toMatch(/The model failed on the last state of this behavior/);
  });

  it('a file that does not exist, does not compile, or exports no model', async () => {
    const missing = await run(['check', './nowhere.ts']);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe("crank: ./nowhere.ts: no such file\n");
    const broken = join(dir, 'broken.ts');
    writeFileSync(broken, 'export default defineModel({ name: ');
    const b = await run(['check', broken]);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/^crank: .*broken\.ts: cannot load the model: /);
    expect(b.err.trim().split('\n')).toHaveLength(1);
    const empty = join(dir, 'empty.ts');
    writeFileSync(empty, 'export const x = 1;\n');
    const e = await run(['check', empty]);
    expect(e.code).toBe(2);
    expect(e.err).toMatch(/empty\.ts: the file has no default export; write `export default defineModel\(\{ … \}\)`/);
  });

  it('--check-model checks every state, not only the first 2,000', async () => {
    // A mutation that only happens deep in the run: after the guard's default budget.
    const file = join(dir, 'late.ts');
    writeFileSync(
      file,
      `import { defineModel } from ${JSON.stringify(crankEntry)};
export default defineModel<{ x: number }, string>({
  name: 'late',
  build: () => ({
    variables: ['x'],
    initialStates: () => [{ x: 0 }],
    events: () => ['inc'],
    next: (s, _e) => {
      if (s.x === 15000) { (s as { x: number }).x = 0; return [s]; }
      return s.x < 20000 ? [{ x: s.x + 1 }] : [];
    },
  }),
});
`,
    );
    const quiet = await run(['check', file, '--no-deadlock', '--json']);
    expect(quiet.code).toBe(0);
    const strict = await run(['check', file, '--no-deadlock', '--check-model']);
    expect(strict.code).toBe(2);
    expect(strict.err).toMatch(/changed its input state \(property x\)/);
  });
});
