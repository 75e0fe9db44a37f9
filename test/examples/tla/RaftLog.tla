---------------------------- MODULE RaftLog ----------------------------
(* A transcription of crank's spec/raft-log model, for comparing counts with TLC: the   *)
(* same variables, the same actions with the same bounds as enabling conditions, and    *)
(* the same successors per action (one per choice of k, p or m).                        *)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS MaxTerm,       \* --terms
          MaxEntries,    \* --entries
          MaxMsgs,       \* --msgs
          CheckPrevTerm  \* FALSE for the no-prev-term-check variant

VARIABLES term, leader, follower, network
vars == <<term, leader, follower, network>>

Min(a, b) == IF a < b THEN a ELSE b

\* What the leader sends for a guess p of the follower's last matching index.
Request(log, p) == [prevIndex |-> p,
                    prevTerm |-> IF p = 0 THEN 0 ELSE log[p],
                    newEntries |-> SubSeq(log, p + 1, Len(log))]

\* append_entries: refuse a gap or (unless the variant) a mismatching entry at prevIndex;
\* otherwise a log that already holds every new entry is kept as it is, and any other is
\* cut after prevIndex and extended with the new entries. (Cutting at the first conflict
\* and appending from there gives the same log: before the conflict the entries agree.)
Apply(log, m) ==
  LET p == m.prevIndex
      n == p + Len(m.newEntries)
      ok == p <= Len(log) /\ (~CheckPrevTerm \/ p = 0 \/ log[p] = m.prevTerm)
      conflict == \E i \in p + 1 .. Min(n, Len(log)) : log[i] # m.newEntries[i - p]
  IN IF ~ok \/ (~conflict /\ n <= Len(log)) THEN log
     ELSE SubSeq(log, 1, p) \o m.newEntries

Init == /\ term = 1
        /\ leader = << >>
        /\ follower = << >>
        /\ network = {}

LeaderAppend == /\ Len(leader) < MaxEntries
                /\ leader' = Append(leader, term)
                /\ UNCHANGED <<term, follower, network>>

NewTerm(k) == /\ term < MaxTerm
              /\ term' = term + 1
              /\ leader' = SubSeq(leader, 1, k)
              /\ UNCHANGED <<follower, network>>

Send(p) == /\ Cardinality(network) < MaxMsgs
           /\ Request(leader, p) \notin network
           /\ network' = network \cup {Request(leader, p)}
           /\ UNCHANGED <<term, leader, follower>>

Deliver(m) == /\ follower' = Apply(follower, m)
              /\ UNCHANGED <<term, leader, network>>

Drop(m) == /\ network' = network \ {m}
           /\ UNCHANGED <<term, leader, follower>>

Next == \/ LeaderAppend
        \/ \E k \in 0 .. Len(leader) : NewTerm(k)
        \/ \E p \in 0 .. Len(leader) : Send(p)
        \/ \E m \in network : Deliver(m) \/ Drop(m)

Spec == Init /\ [][Next]_vars

LogMatching == \A i \in 1 .. Min(Len(leader), Len(follower)) :
                 leader[i] = follower[i] => SubSeq(leader, 1, i) = SubSeq(follower, 1, i)

NoGaps == \A i \in 1 .. Len(follower) : follower[i] \in 1 .. MaxTerm

FollowerConsistent ==
  \E k \in 0 .. Min(Len(leader), Len(follower)) :
    /\ SubSeq(leader, 1, k) = SubSeq(follower, 1, k)
    /\ \A i \in k + 1 .. Len(follower) : follower[i] < term

Idempotent == \A m \in network : Apply(Apply(follower, m), m) = Apply(follower, m)
=============================================================================
