// TLA+'s TwoPhase commit (test/bench/models/two-phase.ts) written with immer instead of
// immutable.js: every value is a plain object or array, every successor is made with
// `produce`. Its state space must be the immutable.js version's, which is TLC's
// (test/bench/tla/tlc-two-phase.json).
//
// JavaScript has no set that compares by value, and a plain value inside an immutable.js
// Set is refused (immutable.js would compare it by reference). So the two sets of the
// spec, tmPrepared and msgs, are arrays kept sorted and without duplicates: one array
// per set, so equal sets are equal sequences. Renaming resource managers can change that
// order, so the symmetry renames with `permute` (which sorts again), not by name.
import { produce, type Draft } from 'immer';
import { defineModel, type Spec } from '../../src/index.ts';

type RMState = 'working' | 'prepared' | 'committed' | 'aborted';
type TMState = 'init' | 'committed' | 'aborted';

// [type |-> "Prepared", rm |-> r], [type |-> "Commit"], [type |-> "Abort"].
type Message = { readonly type: 'Prepared'; readonly rm: string } | { readonly type: 'Commit' | 'Abort' };

export interface TwoPhaseState {
  /** [RM -> RMState], a record with one field per resource manager. */
  readonly rmState: Readonly<Record<string, RMState>>;
  readonly tmState: TMState;
  /** SUBSET RM, sorted. */
  readonly tmPrepared: readonly string[];
  /** SUBSET Messages, sorted by messageKey. */
  readonly msgs: readonly Message[];
}

export type TwoPhaseEvent =
  | { readonly action: 'TMCommit' }
  | { readonly action: 'TMAbort' }
  | { readonly action: 'TMRcvPrepared' | 'RMPrepare' | 'RMChooseToAbort' | 'RMRcvCommitMsg' | 'RMRcvAbortMsg'; readonly rm: string };

const messageKey = (m: Message): string => (m.type === 'Prepared' ? `Prepared ${m.rm}` : m.type);

/** Adds `x` to a set kept as a sorted array without duplicates. */
function addToSet<T>(set: T[] | Draft<T>[], x: T, key: (t: T) => string): void {
  const k = key(x);
  let i = 0;
  while (i < set.length && key(set[i] as T) < k) i++;
  if (i < set.length && key(set[i] as T) === k) return;
  set.splice(i, 0, x as Draft<T>);
}

const sameMessage = (a: Message, b: Message): boolean => a.type === b.type && (a.type !== 'Prepared' || a.rm === (b as { rm: string }).rm);
const hasMessage = (msgs: readonly Message[], m: Message): boolean => msgs.some((x) => sameMessage(x, m));

/** `variant`: 'commit-unprepared', a TM that commits without waiting for every RM to prepare. */
export function buildTwoPhaseImmer(rmCount: number, variant?: string): Spec<TwoPhaseState, TwoPhaseEvent> {
  const RM = Array.from({ length: rmCount }, (_, i) => `rm${i + 1}`);
  const events: TwoPhaseEvent[] = [{ action: 'TMCommit' }, { action: 'TMAbort' }];
  for (const rm of RM) {
    for (const action of ['TMRcvPrepared', 'RMPrepare', 'RMChooseToAbort', 'RMRcvCommitMsg', 'RMRcvAbortMsg'] as const) events.push({ action, rm });
  }

  function next(s: TwoPhaseState, e: TwoPhaseEvent): TwoPhaseState[] {
    switch (e.action) {
      case 'TMRcvPrepared':
        if (s.tmState !== 'init' || !hasMessage(s.msgs, { type: 'Prepared', rm: e.rm })) return [];
        return [produce(s, (d) => addToSet(d.tmPrepared, e.rm, String))];
      case 'TMCommit':
        // VARIANT commit-unprepared: the TM does not wait until every RM has prepared.
        if (s.tmState !== 'init' || (s.tmPrepared.length !== RM.length && variant !== 'commit-unprepared')) return [];
        return [
          produce(s, (d) => {
            d.tmState = 'committed';
            addToSet(d.msgs, { type: 'Commit' }, messageKey);
          }),
        ];
      case 'TMAbort':
        if (s.tmState !== 'init') return [];
        return [
          produce(s, (d) => {
            d.tmState = 'aborted';
            addToSet(d.msgs, { type: 'Abort' }, messageKey);
          }),
        ];
      case 'RMPrepare':
        if (s.rmState[e.rm] !== 'working') return [];
        return [
          produce(s, (d) => {
            d.rmState[e.rm] = 'prepared';
            addToSet(d.msgs, { type: 'Prepared', rm: e.rm }, messageKey);
          }),
        ];
      case 'RMChooseToAbort':
        if (s.rmState[e.rm] !== 'working') return [];
        return [produce(s, (d) => void (d.rmState[e.rm] = 'aborted'))];
      case 'RMRcvCommitMsg':
        if (!hasMessage(s.msgs, { type: 'Commit' })) return [];
        return [produce(s, (d) => void (d.rmState[e.rm] = 'committed'))];
      case 'RMRcvAbortMsg':
        if (!hasMessage(s.msgs, { type: 'Abort' })) return [];
        return [produce(s, (d) => void (d.rmState[e.rm] = 'aborted'))];
    }
  }

  const rmStates: readonly RMState[] = ['working', 'prepared', 'committed', 'aborted'];
  const messageOk = (m: Message): boolean => (m.type === 'Prepared' ? RM.includes(m.rm) : m.type === 'Commit' || m.type === 'Abort');

  return {
    variables: ['rmState', 'tmState', 'tmPrepared', 'msgs'],
    initialStates: () => [{ rmState: Object.fromEntries(RM.map((r) => [r, 'working'])), tmState: 'init', tmPrepared: [], msgs: [] }],
    events: () => events,
    next,
    eventLabel: (e) => ('rm' in e ? `${e.action}(${e.rm})` : e.action),
    invariants: {
      TypeOK: {
        description: 'every variable holds a value of its type',
        holds: (s) =>
          Object.keys(s.rmState).length === RM.length &&
          RM.every((r) => rmStates.includes(s.rmState[r]!)) &&
          ['init', 'committed', 'aborted'].includes(s.tmState) &&
          s.tmPrepared.every((r) => RM.includes(r)) &&
          s.msgs.every(messageOk),
      },
      Consistent: {
        description: 'no resource manager has aborted while another has committed',
        holds: (s) => {
          const states = Object.values(s.rmState);
          return !(states.includes('aborted') && states.includes('committed'));
        },
      },
    },
    // Strings are TLA+ strings, as in TwoPhase.tla; the resource managers are model values.
    modelValues: RM,
    symmetry: {
      groups: [{ name: 'RM', members: RM }],
      // A whole new state, so no need for produce (which costs more here than building it).
      permute(s, [perm]) {
        const rename = (r: string): string => RM[perm![RM.indexOf(r)]!]!;
        const msgs: Message[] = [];
        for (const m of s.msgs) addToSet(msgs, m.type === 'Prepared' ? { type: 'Prepared', rm: rename(m.rm) } : m, messageKey);
        return {
          rmState: Object.fromEntries(RM.map((r) => [rename(r), s.rmState[r]!])),
          tmState: s.tmState,
          tmPrepared: s.tmPrepared.map(rename).sort(),
          msgs,
        };
      },
    },
  };
}

export default defineModel<TwoPhaseState, TwoPhaseEvent>({
  name: 'two-phase-immer',
  summary: "TLA+'s TwoPhase commit written with immer",
  params: { rm: { description: 'resource managers', default: 3, min: 1, max: 12 } },
  variants: { 'commit-unprepared': 'the TM commits without waiting for every RM to prepare: Consistent fails' },
  build: (params, variant) => buildTwoPhaseImmer(params['rm'] ?? 3, variant),
});
