// The classic two-phase commit protocol (TLA+'s TwoPhase: a transaction manager and
// RM resource managers exchanging messages through a set that only grows), written the
// way a newcomer writes a crank model: record types for the messages, immutable.js Map
// and Set for the variables, nothing but the public API. It is a benchmark of the
// engine on plain models; test/bench/tla/TwoPhase.tla is the same spec for TLC.
import { Map as IMap, Set as ISet, type RecordOf } from 'immutable';
// One specifier for crank, which the bench replaces by 'crank' in the copy it runs with
// the installed package (test/bench/crank-under-test.ts).
import { defineModel, recordType, type Spec } from '../../../src/index.ts';

type RMState = 'working' | 'prepared' | 'committed' | 'aborted';
type TMState = 'init' | 'committed' | 'aborted';

// [type |-> "Prepared", rm |-> r] and [type |-> "Commit"] / [type |-> "Abort"].
const Prepared = recordType('TwoPhase.Prepared', { type: 'Prepared', rm: '' });
const Decision = recordType('TwoPhase.Decision', { type: 'Commit' as 'Commit' | 'Abort' });
type Message = RecordOf<{ type: string; rm: string }> | RecordOf<{ type: 'Commit' | 'Abort' }>;

export interface TwoPhaseState {
  readonly rmState: IMap<string, RMState>;
  readonly tmState: TMState;
  readonly tmPrepared: ISet<string>;
  readonly msgs: ISet<Message>;
  readonly [variable: string]: unknown;
}

export type TwoPhaseEvent =
  | { readonly action: 'TMCommit' }
  | { readonly action: 'TMAbort' }
  | { readonly action: 'TMRcvPrepared' | 'RMPrepare' | 'RMChooseToAbort' | 'RMRcvCommitMsg' | 'RMRcvAbortMsg'; readonly rm: string };

export function buildTwoPhase(rmCount: number): Spec<TwoPhaseState, TwoPhaseEvent> {
  const RM = Array.from({ length: rmCount }, (_, i) => `rm${i + 1}`);
  const allRM = ISet(RM);
  const events: TwoPhaseEvent[] = [{ action: 'TMCommit' }, { action: 'TMAbort' }];
  for (const rm of RM) {
    for (const action of ['TMRcvPrepared', 'RMPrepare', 'RMChooseToAbort', 'RMRcvCommitMsg', 'RMRcvAbortMsg'] as const) events.push({ action, rm });
  }

  function next(s: TwoPhaseState, e: TwoPhaseEvent): TwoPhaseState[] {
    switch (e.action) {
      case 'TMRcvPrepared':
        if (s.tmState !== 'init' || !s.msgs.has(Prepared({ rm: e.rm }))) return [];
        return [{ ...s, tmPrepared: s.tmPrepared.add(e.rm) }];
      case 'TMCommit':
        if (s.tmState !== 'init' || !s.tmPrepared.equals(allRM)) return [];
        return [{ ...s, tmState: 'committed', msgs: s.msgs.add(Decision({ type: 'Commit' })) }];
      case 'TMAbort':
        if (s.tmState !== 'init') return [];
        return [{ ...s, tmState: 'aborted', msgs: s.msgs.add(Decision({ type: 'Abort' })) }];
      case 'RMPrepare':
        if (s.rmState.get(e.rm) !== 'working') return [];
        return [{ ...s, rmState: s.rmState.set(e.rm, 'prepared'), msgs: s.msgs.add(Prepared({ rm: e.rm })) }];
      case 'RMChooseToAbort':
        if (s.rmState.get(e.rm) !== 'working') return [];
        return [{ ...s, rmState: s.rmState.set(e.rm, 'aborted') }];
      case 'RMRcvCommitMsg':
        if (!s.msgs.has(Decision({ type: 'Commit' }))) return [];
        return [{ ...s, rmState: s.rmState.set(e.rm, 'committed') }];
      case 'RMRcvAbortMsg':
        if (!s.msgs.has(Decision({ type: 'Abort' }))) return [];
        return [{ ...s, rmState: s.rmState.set(e.rm, 'aborted') }];
    }
  }

  const states: readonly RMState[] = ['working', 'prepared', 'committed', 'aborted'];
  const messageOk = (m: Message): boolean =>
    m.type === 'Prepared' ? RM.includes((m as RecordOf<{ type: string; rm: string }>).rm) : m.type === 'Commit' || m.type === 'Abort';

  return {
    variables: ['rmState', 'tmState', 'tmPrepared', 'msgs'],
    initialStates: () => [{ rmState: IMap(RM.map((r) => [r, 'working' as RMState])), tmState: 'init', tmPrepared: ISet(), msgs: ISet() }],
    events: () => events,
    next,
    eventLabel: (e) => ('rm' in e ? `${e.action}(${e.rm})` : e.action),
    invariants: {
      TypeOK: {
        description: 'every variable holds a value of its type',
        holds: (s) =>
          s.rmState.size === RM.length &&
          RM.every((r) => states.includes(s.rmState.get(r)!)) &&
          ['init', 'committed', 'aborted'].includes(s.tmState) &&
          s.tmPrepared.isSubset(allRM) &&
          s.msgs.every(messageOk),
      },
      Consistent: {
        description: 'no resource manager has aborted while another has committed',
        holds: (s) => !(s.rmState.includes('aborted') && s.rmState.includes('committed')),
      },
    },
    symmetry: {
      groups: [{ name: 'RM', members: RM }],
      membersByName: true,
      permute(s, perms) {
        const rename = (r: string): string => RM[perms[0]![RM.indexOf(r)]!]!;
        return {
          rmState: s.rmState.mapKeys(rename),
          tmState: s.tmState,
          tmPrepared: s.tmPrepared.map(rename),
          msgs: s.msgs.map((m) => (m.type === 'Prepared' ? Prepared({ rm: rename((m as RecordOf<{ type: string; rm: string }>).rm) }) : m)),
        };
      },
    },
  };
}

export const twoPhase = defineModel<TwoPhaseState, TwoPhaseEvent>({
  name: 'two-phase',
  summary: "TLA+'s TwoPhase commit: a transaction manager and RM resource managers",
  params: { rm: { description: 'resource managers', default: 3, min: 1, max: 12 } },
  build: (params) => buildTwoPhase(params['rm'] ?? 3),
});
// `crank check ./two-phase.ts --rm N` loads the model file's default export.
export default twoPhase;

/** For worker threads (see checker's SpecSource): the Spec for `rm` resource managers. */
export function buildTwoPhaseSpec(rm: number): Spec<TwoPhaseState, TwoPhaseEvent> {
  return buildTwoPhase(rm);
}
