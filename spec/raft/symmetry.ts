// Server symmetry: the servers r1..rN are interchangeable model values, so renaming them
// consistently everywhere maps reachable states to reachable states.
import { Map as IMap, Set as ISet } from 'immutable';
import type { Symmetry } from '../../src/spec.ts';
import type { RaftContext } from './actions.ts';
import { Candidate, ElectionRecord, Leader, Nil, lastTerm, type Election, type Message, type RaftState, type Server } from './types.ts';

export function raftSymmetry(c: RaftContext): Symmetry<RaftState> {
  const servers = c.servers;
  const index: Record<string, number> = Object.create(null);
  servers.forEach((s, k) => (index[s] = k));

  return {
    groups: [{ name: 'Server', members: servers }],

    permute(s, perms) {
      const perm = perms[0]!;
      const ren = (x: Server): Server => servers[perm[index[x]!]!]!;
      const keys = <V>(m: IMap<Server, V>, f: (v: V) => V = (v) => v): IMap<Server, V> =>
        IMap<Server, V>().withMutations((out) => m.forEach((v, k) => out.set(ren(k), f(v))));
      const set = (x: ISet<Server>): ISet<Server> => {
        const mask = c.t.maskOf(x);
        let out = 0;
        for (let k = 0; k < servers.length; k++) if (mask & (1 << k)) out |= 1 << perm[k]!;
        return c.t.serverSet(out);
      };
      const election = (e: Election): Election =>
        ElectionRecord({ eterm: e.eterm, eleader: ren(e.eleader), elog: e.elog, evotes: set(e.evotes), evoterLog: keys(e.evoterLog) });
      return {
        ...s,
        messages: IMap<Message, number>().withMutations((out) => s.messages.forEach((n, m) => out.set(c.t.message(m, ren), n))),
        elections: ISet<Election>().withMutations((out) => s.elections.forEach((e) => out.add(election(e)))),
        voterLog: keys(s.voterLog, (v) => keys(v)),
        currentTerm: keys(s.currentTerm),
        state: keys(s.state),
        votedFor: keys(s.votedFor, (v) => (v === Nil ? v : ren(v))),
        log: keys(s.log),
        commitIndex: keys(s.commitIndex),
        votesResponded: keys(s.votesResponded, set),
        votesGranted: keys(s.votesGranted, set),
        nextIndex: keys(s.nextIndex, (v) => keys(v)),
        matchIndex: keys(s.matchIndex, (v) => keys(v)),
      };
    },

    /** Server-local facts that do not mention any server's name. */
    signature(s, _group, member) {
      const i = servers[member]!;
      const role = s.state.get(i);
      const log = s.log.get(i)!;
      let sig = s.currentTerm.get(i)!;
      sig = sig * 3 + (role === Leader ? 2 : role === Candidate ? 1 : 0);
      sig = sig * 2 + (s.votedFor.get(i) === Nil ? 0 : 1);
      sig = sig * 16 + log.size;
      sig = sig * 16 + lastTerm(log);
      sig = sig * 16 + s.commitIndex.get(i)!;
      sig = sig * 16 + s.votesGranted.get(i)!.size;
      sig = sig * 16 + s.votesResponded.get(i)!.size;
      return sig;
    },
  };
}
