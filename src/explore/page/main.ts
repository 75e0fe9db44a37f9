/// <reference lib="dom" />
// The explorer page: plain DOM, no framework. The page holds only the path (successor
// indices) and which step of it is shown; the server computes everything it shows. The
// path lives in the URL fragment (`#path=0.3.1&at=2`), so a reload or a shared link
// restores the same state.
import type { CheckEvent } from '../check-from.ts';
import type { StateView } from '../session.ts';
import type { LoadedTrace } from '../trace.ts';

interface ModelInfo {
  readonly name: string;
  readonly title: string;
  readonly invariants: readonly { readonly name: string; readonly description: string; readonly checkedByDefault: boolean }[];
  readonly initialStates: number;
  readonly trace?: LoadedTrace;
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

class ApiError extends Error {}

async function api<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new ApiError(await errorOf(res));
  return (await res.json()) as T;
}

/** The server's one-line message, or the status when the answer is not the API's JSON. */
async function errorOf(res: Response): Promise<string> {
  try {
    return ((await res.json()) as { error?: string }).error ?? `${res.status} ${res.statusText}`;
  } catch {
    return `${res.status} ${res.statusText}`;
  }
}

// ---- state ----

let model: ModelInfo;
/** The whole path, including steps ahead of the one shown. */
let path: number[] = [0];
/** The step shown, from 1. */
let at = 1;
let view: StateView | undefined;
let shown = 0;
/** Invariants "check from here" checks. */
const toCheck = new Set<string>();
let checking: AbortController | undefined;

function fragment(): string {
  return `#path=${path.join('.')}&at=${at}`;
}

/** Reads `#path=…&at=…`; false when the fragment holds no path. */
function readFragment(): boolean {
  const params = new URLSearchParams(location.hash.slice(1));
  const p = params.get('path');
  if (p === null || !/^[0-9]+(\.[0-9]+)*$/.test(p)) return false;
  path = p.split('.').map(Number);
  const a = Number(params.get('at') ?? path.length);
  at = Number.isInteger(a) && a >= 1 && a <= path.length ? a : path.length;
  return true;
}

function say(text: string, bad = false, details?: string): void {
  const m = $('message');
  m.hidden = false;
  m.className = bad ? 'bad' : '';
  m.replaceChildren(text);
  if (details !== undefined) m.append(el('pre', {}, details));
}

// ---- drawing ----

async function show(): Promise<void> {
  const ticket = ++shown;
  let v: StateView;
  try {
    v = await api<StateView>(`/api/state?path=${path.join('.')}&at=${at}`);
  } catch (err) {
    if (ticket !== shown) return;
    say(`Cannot show this path: ${(err as Error).message}. Starting over from the initial state.`, true);
    path = [0];
    at = 1;
    return show();
  }
  if (ticket !== shown) return;
  view = v;
  history.replaceState(null, '', fragment());
  draw(v);
}

function draw(v: StateView): void {
  $('where').textContent = `State ${v.at} of ${v.steps.length}`;
  ($('back') as HTMLButtonElement).disabled = v.at <= 1;
  ($('forward') as HTMLButtonElement).disabled = v.at >= v.steps.length;
  const step = v.steps[v.at - 1]!;
  $('label').textContent = `State ${v.at}: ${step.label}`;

  $('path').replaceChildren(
    ...v.steps.map((s, i) => {
      const li = el('li', { 'data-step': String(i + 1), title: s.changes.length ? `changes ${s.changes.join(', ')}` : '' }, el('span', { class: 'n' }, String(i + 1)), el('span', { class: 'l' }, s.label));
      if (i + 1 === v.at) li.classList.add('current');
      if (i + 1 > v.at) li.classList.add('ahead');
      if (s.violates.length > 0) {
        li.classList.add('violates');
        li.title = `violates ${s.violates.join(', ')}`;
      }
      li.addEventListener('click', () => go(i + 1));
      return li;
    }),
  );

  const choice = $('initial-choice');
  choice.hidden = !(v.at === 1 && model.initialStates > 1);
  if (!choice.hidden) {
    choice.replaceChildren(
      el('span', { class: 'note' }, `initial state ${path[0]! + 1} of ${model.initialStates}:`),
      ...Array.from({ length: model.initialStates }, (_, i) => {
        const b = el('button', { 'data-initial': String(i) }, String(i + 1));
        b.disabled = i === path[0];
        b.addEventListener('click', () => {
          path = [i];
          at = 1;
          void show();
        });
        return b;
      }),
    );
  }

  // The SVG comes from the server's renderer (src/render), which escapes every text it draws.
  $('picture').innerHTML = v.picture ?? '';
  // Drawn a little larger than the renderer's own size, as far as the column allows.
  const svg = $('picture').querySelector('svg');
  if (svg !== null) svg.style.width = `${Number(svg.getAttribute('width')) * 1.35}px`;
  const legend = $('legend');
  legend.replaceChildren();
  if (v.terms !== undefined) {
    if (v.terms.length > 0) legend.append('terms');
    legend.append(...v.terms.map((t) => el('span', { class: 'term', style: `background:${t.colour}` }, String(t.term))));
    legend.append(el('span', {}, el('span', { class: 'committed' }), ' committed'), el('span', {}, '★ leader'), el('span', {}, '☆ leader of an older term'));
  }
  const lines = $('lines');
  lines.hidden = v.lines === undefined;
  lines.textContent = (v.lines ?? []).join('\n');

  $('variables').querySelector('tbody')!.replaceChildren(
    ...v.variables.map((x) => {
      const tr = el('tr', { 'data-name': x.name }, el('td', { class: 'mark' }, x.changed ? '*' : ''), el('td', { class: 'name', title: x.name }, `${x.name} =`), el('td', {}, el('pre', {}, x.value)));
      if (x.changed) tr.classList.add('changed');
      return tr;
    }),
  );

  const events = $('events');
  if (v.successors.length === 0) {
    events.replaceChildren(el('li', { class: 'none' }, 'No event is enabled: a deadlock.'));
  } else {
    events.replaceChildren(
      ...v.successors.map((s, i) => {
        const b = el('button', { 'data-index': String(i), title: s.changes.length ? `changes ${s.changes.join(', ')}` : 'changes nothing' }, el('kbd', {}, i < 9 ? String(i + 1) : ''), el('span', { class: 'label' }, s.label));
        if (s.alternative !== undefined) b.append(el('span', { class: 'alt' }, `(${s.alternative.n} of ${s.alternative.of})`));
        if (s.violates.length > 0) b.append(el('span', { class: 'bad' }, `✗ ${s.violates.join(', ')}`));
        if (path[v.at] === i && v.at < path.length) {
          b.classList.add('on-path');
          b.title = `the next step on the path; ${b.title}`;
        }
        b.addEventListener('click', () => take(i));
        return el('li', {}, b);
      }),
    );
  }
  if (!v.withinConstraint) events.append(el('li', { class: 'none' }, "This state is outside the model's constraint: the checker does not explore past it."));

  $('invariants').replaceChildren(
    ...v.invariants.map((inv) => {
      const box = el('input', { type: 'checkbox', title: 'check this invariant with "Check from here"', 'aria-label': `check ${inv.name}` });
      box.checked = toCheck.has(inv.name);
      box.addEventListener('change', () => (box.checked ? toCheck.add(inv.name) : toCheck.delete(inv.name)));
      return el(
        'li',
        { 'data-name': inv.name, 'data-holds': String(inv.holds), title: inv.error ?? inv.description },
        el('span', { class: 'verdict' }, inv.error !== undefined ? 'error' : inv.holds ? 'holds' : 'violated'),
        el('span', { class: 'name' }, inv.name),
        box,
      );
    }),
  );
}

// ---- moving ----

function go(step: number): void {
  if (view === undefined) return;
  const to = Math.max(1, Math.min(path.length, step));
  if (to === at) return;
  at = to;
  void show();
}

/** Takes the `i`-th enabled event: on the path already, just step; otherwise the path forks here. */
function take(i: number): void {
  // While the next state is on its way, the events on screen are not its events.
  if (view === undefined || view.at !== at || i >= view.successors.length) return;
  if (path[at] !== i) path = [...path.slice(0, at), i];
  at += 1;
  void show();
}

function load(p: readonly number[], step: number): void {
  path = [...p];
  at = step;
  void show();
}

// ---- traces ----

async function loadTraceFile(file: File): Promise<void> {
  const text = await file.text();
  try {
    const t = await api<LoadedTrace>('/api/trace', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: file.name, text }) });
    showTrace(t);
  } catch (err) {
    say(`Cannot load ${file.name}: ${(err as Error).message}`, true);
  }
}

function showTrace(t: LoadedTrace): void {
  if (t.rejection !== undefined) {
    const hint = t.rejection.index === 1 ? ' If the trace is of other parameters, start crank explore with --trace FILE: it takes them from the trace.' : ` Loaded the ${t.path.length} state${t.path.length === 1 ? '' : 's'} before it.`;
    say(`${t.rejection.summary}.${hint}`, true, t.rejection.details.join('\n'));
  } else {
    say(`Loaded ${t.name} (${t.format}, ${t.states} states). Step through it with → or j.`);
  }
  if (t.path.length > 0) load(t.path, 1);
  else if (view === undefined) void show();
}

// ---- check from here ----

async function checkFromHere(): Promise<void> {
  if (checking !== undefined) {
    checking.abort();
    return;
  }
  const from = at;
  const prefix = path.slice(0, at);
  const button = $('check') as HTMLButtonElement;
  const controller = new AbortController();
  checking = controller;
  button.textContent = 'Cancel check';
  say(`Checking from state ${from}…`);
  try {
    const res = await fetch('/api/check', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: prefix, invariants: [...toCheck] }),
      signal: controller.signal,
    });
    if (!res.ok) throw new ApiError(await errorOf(res));
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const e = JSON.parse(buffered.slice(0, nl)) as CheckEvent;
        buffered = buffered.slice(nl + 1);
        onCheckEvent(e, from);
      }
    }
  } catch (err) {
    if (controller.signal.aborted) say(`Check from state ${from} cancelled.`);
    else say(`The check failed: ${(err as Error).message}`, true);
  } finally {
    checking = undefined;
    button.textContent = 'Check from here';
  }
}

const count = (n: number): string => n.toLocaleString('en-US');

function onCheckEvent(e: CheckEvent, from: number): void {
  if (e.type === 'progress') {
    say(`Checking from state ${from}… ${count(e.distinct)} distinct states, ${count(e.generated)} generated, depth ${e.depth}, ${count(e.queue)} queued.`);
  } else if (e.type === 'error') {
    say(`The check failed: ${e.message}`, true);
  } else if (e.path !== undefined) {
    const what = e.property === 'Deadlock' ? 'A deadlock is reached' : `${e.property} is violated`;
    const steps = e.path.length - from;
    say(`${what} ${steps} step${steps === 1 ? '' : 's'} after state ${from} (a shortest such behavior; ${count(e.distinct)} distinct states searched). It is loaded into the path: states ${from}–${e.path.length}.`, true);
    load(e.path, e.path.length);
  } else {
    const partial = e.stoppedEarly !== undefined ? ` The search stopped early: ${e.stoppedEarly}.` : '';
    say(`No violation is reachable from state ${from}: ${count(e.distinct)} distinct states, ${count(e.generated)} generated, depth ${e.depth}.${partial}`);
  }
}

// ---- start ----

function keys(e: KeyboardEvent): void {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const target = e.target as HTMLElement;
  if (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return;
  if (e.key === 'ArrowLeft' || e.key === 'k') go(at - 1);
  else if (e.key === 'ArrowRight' || e.key === 'j') go(at + 1);
  else if (e.key === 'Home') go(1);
  else if (e.key === 'End') go(path.length);
  else if (/^[1-9]$/.test(e.key)) take(Number(e.key) - 1);
  else if (e.key === 'c') void checkFromHere();
  else if (e.key === 'Escape') checking?.abort();
  else return;
  e.preventDefault();
}

async function start(): Promise<void> {
  model = await api<ModelInfo>('/api/model');
  document.title = `crank explore: ${model.title}`;
  $('title').textContent = model.title;
  for (const inv of model.invariants) if (inv.checkedByDefault) toCheck.add(inv.name);
  $('back').addEventListener('click', () => go(at - 1));
  $('forward').addEventListener('click', () => go(at + 1));
  $('check').addEventListener('click', () => void checkFromHere());
  const input = $('trace-file') as HTMLInputElement;
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    input.value = '';
    if (f !== undefined) void loadTraceFile(f);
  });
  document.addEventListener('keydown', keys);
  document.addEventListener('dragover', (e) => {
    e.preventDefault();
    document.body.classList.add('dragging');
  });
  document.addEventListener('dragleave', (e) => {
    if (e.relatedTarget === null) document.body.classList.remove('dragging');
  });
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    document.body.classList.remove('dragging');
    const f = e.dataTransfer?.files[0];
    if (f !== undefined) void loadTraceFile(f);
  });
  window.addEventListener('hashchange', () => {
    if (location.hash !== fragment() && readFragment()) void show();
  });
  if (readFragment()) return show();
  if (model.trace !== undefined) return showTrace(model.trace);
  return show();
}

start().catch((err: unknown) => say(`The explorer could not start: ${(err as Error).message}`, true));
