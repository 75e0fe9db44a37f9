// The explorer's server in-process: its JSON API against the shipped models, "check
// from here" (on the server's thread and in a worker), that no URL reads a file outside
// its assets, and that bad requests get 400 with a message and never stop the server.
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specModuleUrl } from '../../spec/index.ts';
import { raftAbstract } from '../../spec/raft-abstract/model.ts';
import { buildTrafficLight } from '../../spec/traffic-light/model.ts';
import { startExplorer, type Explorer } from '../../src/explore/index.ts';
import type { Spec, State } from '../../src/spec.ts';

const FIGURE8 = { servers: 3, maxTerm: 4, maxLog: 1 };
const figure8Spec = (): Spec<State, unknown> => raftAbstract.build(FIGURE8, 'figure8');
const figure8Json = readFileSync(new URL('../../traces/raft-abstract/figure8.json', import.meta.url), 'utf8');
/** The labels of the golden counterexample, state by state. */
const figure8Labels = (JSON.parse(figure8Json) as { steps: { event: string }[] }).steps.map((s) => s.event);

/** One raw HTTP request, byte for byte as given (fetch would normalise `..` and `%2e`). */
function raw(port: number, request: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.end(request);
  });
}

const get = (port: number, target: string): Promise<{ status: number; body: string }> => raw(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

describe('explorer API (raft-abstract --variant figure8)', () => {
  let ex: Explorer;
  const api = (path: string, init?: RequestInit): Promise<Response> => fetch(new URL(path, ex.url), init);
  const post = (path: string, body: unknown): Promise<Response> =>
    api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    ex = await startExplorer(figure8Spec(), { name: 'raft-abstract', title: 'raft-abstract --variant figure8' });
  });
  afterAll(() => ex.close());

  it('binds 127.0.0.1 and serves the page and its bundled script', async () => {
    expect(ex.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await api('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<script type="module" src="app.js">');
    const script = await api('/app.js');
    expect(script.status).toBe(200);
    const code = await script.text();
    expect(code).toContain('/api/state');
    expect(code).not.toContain('import '); // bundled: no module the browser would have to fetch
  });

  it('describes the model, its initial states, successors and invariants', async () => {
    const model = await json(await api('/api/model'));
    expect(model['title']).toBe('raft-abstract --variant figure8');
    expect(model['variables']).toEqual(['currentTerm', 'role', 'voted', 'log', 'committed']);
    expect((model['invariants'] as { name: string; checkedByDefault: boolean }[]).map((i) => [i.name, i.checkedByDefault])).toEqual([
      ['ElectionSafety', true],
      ['LogMatching', true],
      ['LeaderCompleteness', false],
      ['StateMachineSafety', true],
    ]);
    const initial = await json(await api('/api/initial'));
    expect(initial['states']).toHaveLength(1);
    const succ = (await json(await api('/api/successors?path=0')))['successors'] as { label: string }[];
    expect(succ.map((s) => s.label)).toContain('Elect(s1, term 1, votes s1 s2)');
    const inv = (await json(await api('/api/invariants?path=0')))['invariants'] as { holds: boolean }[];
    expect(inv.every((i) => i.holds)).toBe(true);
  });

  it("loads the golden Figure 8 trace as a path with each step's action", async () => {
    const loaded = await json(await post('/api/trace', { name: 'figure8.json', text: figure8Json }));
    expect(loaded).toMatchObject({ name: 'figure8.json', format: "crank's JSON trace", states: 11 });
    expect(loaded['rejection']).toBeUndefined();
    const path = loaded['path'] as number[];
    expect(path).toHaveLength(11);
    const view = await json(await api(`/api/state?path=${path.join('.')}&at=8`));
    expect((view['steps'] as { label: string }[]).map((s) => s.label)).toEqual(figure8Labels);
    // State 8: the naive commit of the term-1 entry, which state 10 overwrites.
    const vars = view['variables'] as { name: string; value: string; changed: boolean }[];
    expect(vars.find((v) => v.name === 'committed')).toEqual({ name: 'committed', value: '{[index |-> 1, term |-> 1, inTerm |-> 3]}', changed: true });
    expect(vars.filter((v) => v.changed).map((v) => v.name)).toEqual(['committed']);
    expect(view['picture']).toContain('8. Commit(s1, index 1)');
    expect((view['picture'] as string).match(/class="entry committed"/g)).toHaveLength(2);
    const last = await json(await api(`/api/state?path=${path.join('.')}`));
    expect(last['at']).toBe(11);
    expect((last['invariants'] as { name: string; holds: boolean }[]).filter((i) => !i.holds).map((i) => i.name)).toEqual(['LeaderCompleteness', 'StateMachineSafety']);
  });

  it('a trace the model cannot take loads up to the step it rejects, and says which', async () => {
    const correct = await startExplorer(raftAbstract.build(FIGURE8), { name: 'raft-abstract' });
    try {
      const loaded = await json(await fetch(new URL('/api/trace', correct.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'figure8.json', text: figure8Json }) }));
      expect(loaded['path']).toHaveLength(7);
      expect((loaded['rejection'] as { summary: string }).summary).toBe('figure8.json: state 8 (line 18) is not a successor of state 7 under any action of raft-abstract');
    } finally {
      await correct.close();
    }
  });

  it('checks from the initial state on the server thread: the shortest counterexample, as a path', async () => {
    const res = await post('/api/check', { path: [0] });
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const events = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const done = events.at(-1)!;
    // The figures of `crank check raft-abstract --variant figure8` (docs/figure8.md).
    expect(done).toMatchObject({ type: 'done', verdict: 'violation', property: 'StateMachineSafety', distinct: 6310, generated: 20512, depth: 11 });
    const path = done['path'] as number[];
    const view = await json(await api(`/api/state?path=${path.join('.')}`));
    expect((view['steps'] as { label: string }[]).map((s) => s.label)).toEqual(figure8Labels);
  });

  it('checks from a later state: the path so far, then the counterexample from there', async () => {
    const loaded = await json(await post('/api/trace', { name: 'f8', text: figure8Json }));
    const prefix = (loaded['path'] as number[]).slice(0, 8);
    const res = await post('/api/check', { path: prefix, invariants: ['LeaderCompleteness'] });
    const done = JSON.parse((await res.text()).trim().split('\n').at(-1)!) as { property: string; path: number[]; depth: number };
    expect(done.property).toBe('LeaderCompleteness');
    expect(done.path.slice(0, 8)).toEqual(prefix);
    expect(done.path).toHaveLength(9); // one election away: Elect(s2, term 4, …)
    const view = await json(await api(`/api/state?path=${done.path.join('.')}`));
    expect((view['steps'] as { label: string }[])[8]!.label).toMatch(/^Elect\(s2, term 4, votes s2 s[13]\)$/);
  });

  it('refuses bad API requests with a status and a one-line message', async () => {
    const cases: [string, RequestInit | undefined, number, RegExp][] = [
      ['/api/state', undefined, 400, /missing path/],
      ['/api/state?path=', undefined, 400, /missing path/],
      ['/api/state?path=0.x', undefined, 400, /bad path '0\.x'/],
      ['/api/state?path=-1', undefined, 400, /bad path/],
      ['/api/state?path=1', undefined, 400, /no initial state 1: the model has 1/],
      ['/api/state?path=0.999', undefined, 400, /no successor 999 at step 2: state 1 has \d+/],
      ['/api/state?path=0.0&at=3', undefined, 400, /step 3 is not on the path \(it has 2 steps\)/],
      ['/api/state?path=0&at=0', undefined, 400, /step 0 is not on the path/],
      ['/api/state?path=0&at=x', undefined, 400, /bad step/],
      ['/api/check', { method: 'POST', body: JSON.stringify({ path: new Array(100_001).fill(0) }), headers: { 'Content-Type': 'application/json' } }, 400, /more than the 100000/],
      ['/api/successors?path=0.9999999', undefined, 400, /bad path/],
      ['/api/nothing', undefined, 404, /no such API/],
      ['/api/state?path=0', { method: 'POST' }, 405, /takes GET/],
      ['/api/check', undefined, 405, /takes POST/],
      ['/api/check', { method: 'POST', body: '{}', headers: { 'Content-Type': 'text/plain' } }, 415, /application\/json/],
      ['/api/check', { method: 'POST', body: '{not json', headers: { 'Content-Type': 'application/json' } }, 400, /not JSON/],
      ['/api/check', { method: 'POST', body: '[0]', headers: { 'Content-Type': 'application/json' } }, 400, /JSON object/],
      ['/api/check', { method: 'POST', body: '{"path": 3}', headers: { 'Content-Type': 'application/json' } }, 400, /'path' must be a list/],
      ['/api/check', { method: 'POST', body: '{"path": [0, -1]}', headers: { 'Content-Type': 'application/json' } }, 400, /non-negative integers/],
      ['/api/check', { method: 'POST', body: '{"path": [0, 1.5]}', headers: { 'Content-Type': 'application/json' } }, 400, /non-negative integers/],
      ['/api/check', { method: 'POST', body: '{"path": []}', headers: { 'Content-Type': 'application/json' } }, 400, /the path is empty/],
      ['/api/check', { method: 'POST', body: '{"path": [0, 77]}', headers: { 'Content-Type': 'application/json' } }, 400, /no successor 77/],
      ['/api/check', { method: 'POST', body: '{"path": [0], "invariants": ["Nope"]}', headers: { 'Content-Type': 'application/json' } }, 400, /unknown invariant 'Nope'/],
      ['/api/check', { method: 'POST', body: '{"path": [0], "invariants": "Nope"}', headers: { 'Content-Type': 'application/json' } }, 400, /list of invariant names/],
      ['/api/trace', { method: 'POST', body: '{"text": 5}', headers: { 'Content-Type': 'application/json' } }, 400, /'text' must be/],
      ['/api/trace', { method: 'POST', body: '{"name": "x.txt", "text": "hello"}', headers: { 'Content-Type': 'application/json' } }, 400, /^x\.txt:1:1: not a trace/],
      ['/api/trace', { method: 'POST', body: '{"name": "x.json", "text": "{\\"vars\\": 1"}', headers: { 'Content-Type': 'application/json' } }, 400, /^x\.json:\d+:\d+: /],
      ['/api/trace', { method: 'POST', body: JSON.stringify({ name: 'a\nb.txt', text: 'hello' }), headers: { 'Content-Type': 'application/json' } }, 400, /^a\?b\.txt:1:1: not a trace/],
      [
        '/api/trace',
        { method: 'POST', body: JSON.stringify({ name: 'tl.txt', text: 'State 1: <Initial predicate>\n/\\ ew = "G"\n/\\ ns = "R"\n/\\ clock = 0\n/\\ button = FALSE\n' }), headers: { 'Content-Type': 'application/json' } },
        400,
        /^tl\.txt:\d+:\d+: the trace's variables are not those of raft-abstract/,
      ],
    ];
    for (const [path, init, status, message] of cases) {
      const res = await api(path, init);
      const body = await json(res);
      expect([path, res.status]).toEqual([path, status]);
      expect(body['error'], path).toMatch(message);
      expect(String(body['error'])).not.toContain('\n');
    }
    // A URL longer than HTTP's header limit is refused on the socket, before any handler runs.
    expect((await api(`/api/state?path=${'0.'.repeat(20_000)}0`)).status).toBe(431);
    expect((await api('/api/model')).status).toBe(200);
  });

  it('answers only requests addressed to it (no DNS rebinding)', async () => {
    const r = await raw(ex.port, 'GET /api/model HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n');
    expect(r.status).toBe(403);
    expect(r.body).toContain('answers only requests for 127.0.0.1');
    expect((await get(ex.port, '/api/model')).status).toBe(200);
  });

  it('serves no file outside its asset folder, whatever the URL', async () => {
    const attempts = [
      '/../package.json',
      '/..%2fpackage.json',
      '/%2e%2e/package.json',
      '/%2e%2e%2f%2e%2e%2fpackage.json',
      '/.%2e/.%2e/package.json',
      '/assets/../session.ts',
      '/session.ts',
      '/server.ts',
      '/page/main.ts',
      '/assets/style.css',
      '/%2fetc%2fpasswd',
      '//etc/passwd',
      '/etc/passwd',
      '/..\\..\\package.json',
      '/style.css%00.html',
      '/index.html/..',
      '/.',
      '/..',
      'http://127.0.0.1/etc/passwd',
      '/etc/passwd%00',
    ];
    for (const target of attempts) {
      const r = await get(ex.port, target);
      expect([target, r.status >= 400 && r.status < 500]).toEqual([target, true]);
      expect(r.body).not.toContain('"devDependencies"');
      expect(r.body).not.toContain('root:');
      expect(r.body).not.toContain('import ');
    }
    // A NUL byte in the request line is malformed HTTP: refused on the socket.
    const nul = await raw(ex.port, `GET /app.js\0/../../package.json HTTP/1.1\r\nHost: 127.0.0.1:${ex.port}\r\nConnection: close\r\n\r\n`);
    expect(nul.status).toBe(400);
    expect((await get(ex.port, '/style.css')).status).toBe(200);
  });
});

describe('explorer API, check from here in a worker thread', () => {
  it('streams progress and the result, and a cancelled request stops the search', async () => {
    const ex = await startExplorer(raftAbstract.build({ servers: 3, maxTerm: 4, maxLog: 2 }, 'figure8'), {
      name: 'raft-abstract',
      source: { module: specModuleUrl, exportName: 'buildSpec', args: ['raft-abstract', { servers: 3, maxTerm: 4, maxLog: 2 }, 'figure8'] },
    });
    try {
      const post = (body: unknown, signal?: AbortSignal): Promise<Response> =>
        fetch(new URL('/api/check', ex.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal });
      const done = JSON.parse((await (await post({ path: [0] })).text()).trim().split('\n').at(-1)!) as Record<string, unknown>;
      expect(done).toMatchObject({ type: 'done', verdict: 'violation', property: 'StateMachineSafety' });
      expect(done['path']).toHaveLength(11);
      // The correct model with --max-log 2 has 48,670 states: long enough to cancel mid-way.
      const slow = await startExplorer(raftAbstract.build({ servers: 3, maxTerm: 4, maxLog: 2 }), {
        name: 'raft-abstract',
        source: { module: specModuleUrl, exportName: 'buildSpec', args: ['raft-abstract', { servers: 3, maxTerm: 4, maxLog: 2 }, undefined] },
      });
      try {
        const controller = new AbortController();
        const res = await fetch(new URL('/api/check', slow.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"path":[0]}', signal: controller.signal });
        const reader = res.body!.getReader();
        const first = new TextDecoder().decode((await reader.read()).value);
        expect(JSON.parse(first.split('\n')[0]!)).toMatchObject({ type: 'progress' });
        // While it runs, a second check is refused and the rest of the API answers.
        const second = await fetch(new URL('/api/check', slow.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"path":[0]}' });
        expect(second.status).toBe(409);
        expect((await fetch(new URL('/api/state?path=0', slow.url))).status).toBe(200);
        controller.abort();
        // Once the search is stopped, a new one may start.
        await expect
          .poll(
            async () => {
              const again = new AbortController();
              const r = await fetch(new URL('/api/check', slow.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"path":[0]}', signal: again.signal });
              again.abort();
              return r.status;
            },
            { timeout: 10_000 },
          )
          .toBe(200);
      } finally {
        await slow.close();
      }
    } finally {
      await ex.close();
    }
  });
});

describe('explorer API, a model that throws', () => {
  it('answers 500 with the message and keeps serving', async () => {
    const base = buildTrafficLight() as unknown as Spec<State, unknown>;
    const spec: Spec<State, unknown> = {
      ...base,
      next: (s, e) => {
        if (s['clock'] === 2) throw new Error('boom in next');
        return base.next(s, e);
      },
      invariants: { Bad: { description: 'throws at clock 1', holds: (s) => { if (s['clock'] === 1) throw new Error('boom in an invariant'); return true; } } },
    };
    const logged: string[] = [];
    const ex = await startExplorer(spec, { name: 'broken', onError: (m) => logged.push(m) });
    try {
      const inv = (await (await fetch(new URL('/api/invariants?path=0.0', ex.url))).json()) as { invariants: { holds: boolean; error?: string }[] };
      expect(inv.invariants[0]).toMatchObject({ holds: false, error: 'boom in an invariant' });
      const res = await fetch(new URL('/api/state?path=0.0.0', ex.url));
      expect(res.status).toBe(500);
      expect(((await res.json()) as { error: string }).error).toBe('internal error: boom in next');
      expect(logged).toEqual(['GET /api/state?path=0.0.0: boom in next']);
      expect((await fetch(new URL('/api/state?path=0', ex.url))).status).toBe(200);
    } finally {
      await ex.close();
    }
  });
});
