// Server symmetry: the servers r1..rN are interchangeable model values, so renaming them
// consistently everywhere maps reachable states to reachable states.
import { Map as IMap, Set as ISet } from 'immutable';
import type { Symmetry } from '../../src/spec.ts';
import type { RaftContext } from './actions.ts';
import { Candidate, ElectionRecord, Leader, Nil, VARIABLES, lastTerm, type Election, type Log, type Message, type RaftState, type Role, type Server } from './types.ts';

export function raftSymmetry(c: RaftContext): Symmetry<RaftState> {
  const servers = c.servers;
  const index: Record<string, number> = Object.create(null);
  servers.forEach((s, k) => (index[s] = k));

  /** How to rename under one permutation; built once per permutation, not per call. */
  interface Renamer {
    server(x: Server): Server;
    keys<V>(m: IMap<Server, V>, f?: (v: V) => V): IMap<Server, V>;
    set(x: ISet<Server>): ISet<Server>;
    election(e: Election): Election;
  }
  const renamers = new Map<number, Renamer>();
  function renamerFor(perm: readonly number[]): Renamer {
    let key = 0;
    for (let k = 0; k < perm.length; k++) key = key * 16 + perm[k]!;
    const known = renamers.get(key);
    if (known !== undefined) return known;
    const server = (x: Server): Server => servers[perm[index[x]!]!]!;
    const keys = <V>(m: IMap<Server, V>, f?: (v: V) => V): IMap<Server, V> =>
      IMap<Server, V>().withMutations((out) => m.forEach((v, k) => out.set(server(k), f === undefined ? v : f(v))));
    const set = (x: ISet<Server>): ISet<Server> => x.map(server);
    const election = (e: Election): Election =>
      ElectionRecord({ eterm: e.eterm, eleader: server(e.eleader), elog: e.elog, evotes: set(e.evotes), evoterLog: keys(e.evoterLog) });
    const r: Renamer = { server, keys, set, election };
    renamers.set(key, r);
    return r;
  }
  const renameVoter = (r: Renamer) => (x: Server) => (x === Nil ? x : r.server(x));

  /** Renames servers inside one variable's value. */
  function permuteValue(variable: string, value: unknown, perms: readonly (readonly number[])[]): unknown {
    const r = renamerFor(perms[0]!);
    switch (variable as (typeof VARIABLES)[number]) {
      case 'messages':
        return IMap<Message, number>().withMutations((out) =>
          (value as RaftState['messages']).forEach((n, m) => out.set((m as Message & { merge(f: object): Message }).merge({ msource: r.server(m.msource), mdest: r.server(m.mdest) }), n)),
        );
      case 'elections':
        return ISet<Election>().withMutations((out) => (value as RaftState['elections']).forEach((e) => out.add(r.election(e))));
      case 'allLogs':
        return value;
      case 'voterLog':
        return r.keys(value as RaftState['voterLog'], (x) => r.keys(x));
      case 'votedFor':
        return r.keys(value as RaftState['votedFor'], renameVoter(r));
      case 'votesResponded':
      case 'votesGranted':
        return r.keys(value as RaftState['votesGranted'], r.set);
      case 'nextIndex':
      case 'matchIndex':
        return r.keys(value as RaftState['nextIndex'], (x) => r.keys(x));
      case 'currentTerm':
      case 'state':
      case 'log':
      case 'commitIndex':
        return r.keys(value as IMap<Server, unknown>);
    }
  }

  // The pieces of `signatures`, built once: each folds one variable into sigOut[server],
  // in the same order and radixes as `signature`.
  let sigOut: number[] = [];
  const addTerm = (t: number, i: Server): void => {
    sigOut[index[i]!] = t;
  };
  const addRole = (role: Role, i: Server): void => {
    const k = index[i]!;
    sigOut[k] = sigOut[k]! * 3 + (role === Leader ? 2 : role === Candidate ? 1 : 0);
  };
  const addVote = (v: Server, i: Server): void => {
    const k = index[i]!;
    sigOut[k] = sigOut[k]! * 2 + (v === Nil ? 0 : 1);
  };
  const addLog = (log: Log, i: Server): void => {
    const k = index[i]!;
    sigOut[k] = (sigOut[k]! * 16 + log.size) * 16 + lastTerm(log);
  };
  const addCount = (n: number, i: Server): void => {
    const k = index[i]!;
    sigOut[k] = sigOut[k]! * 16 + n;
  };
  const addSetSize = (x: ISet<Server>, i: Server): void => {
    const k = index[i]!;
    sigOut[k] = sigOut[k]! * 16 + x.size;
  };

  return {
    groups: [{ name: 'Server', members: servers }],
    // Servers appear in raft states only as their names r1..rN (keys, votedFor, message
    // sources and destinations, voter sets), so the engine may rename by substitution.
    membersByName: true,

    permute(s, perms) {
      const out: Record<string, unknown> = { ...s };
      for (const v of VARIABLES) out[v] = permuteValue(v, s[v], perms);
      return out as RaftState;
    },

    /** Server-local facts that do not mention any server's name. */
    /** All servers' signatures at once: each per-server map is read once, in one pass. */
    signatures(s, _group, out) {
      sigOut = out;
      s.currentTerm.forEach(addTerm);
      s.state.forEach(addRole);
      s.votedFor.forEach(addVote);
      s.log.forEach(addLog);
      s.commitIndex.forEach(addCount);
      s.votesGranted.forEach(addSetSize);
      s.votesResponded.forEach(addSetSize);
    },

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
