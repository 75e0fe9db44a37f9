---- MODULE RaftAbstract ----
\* A transcription of crank's spec/raft-abstract/model.ts (the correct model, no variant)
\* with its temporal properties and fairness, to compare crank's liveness verdicts with TLC's.
EXTENDS Naturals, FiniteSets, Sequences
CONSTANTS N, MaxTerm, MaxLog

Server == 1..N
Majority == N \div 2 + 1
VARIABLES currentTerm, role, voted, log, committed
vars == <<currentTerm, role, voted, log, committed>>

Min(S) == CHOOSE x \in S : \A y \in S : x <= y
Max(S) == CHOOSE x \in S : \A y \in S : x >= y
LastTerm(l) == IF Len(l) = 0 THEN 0 ELSE l[Len(l)]
UpToDate(cand, voter) == LastTerm(cand) > LastTerm(voter) \/ (LastTerm(cand) = LastTerm(voter) /\ Len(cand) >= Len(voter))
SamePrefix(a, b, n) == Len(a) >= n /\ Len(b) >= n /\ \A k \in 1..n : a[k] = b[k]
IsCommitted(i, t) == \E c \in committed : c.index = i /\ c.term = t

Init == /\ currentTerm = [s \in Server |-> 0]
        /\ role = [s \in Server |-> "Follower"]
        /\ voted = [s \in Server |-> FALSE]
        /\ log = [s \in Server |-> <<>>]
        /\ committed = {}

Quorums(c) == {q \in SUBSET (Server \ {c}) : Cardinality(q) = Majority - 1}
Grants(v, c, t) == /\ currentTerm[v] < t \/ (currentTerm[v] = t /\ ~voted[v])
                   /\ UpToDate(log[c], log[v])
ElectTerms(c, Q) == {t \in (currentTerm[c] + 1)..MaxTerm : \A v \in Q : Grants(v, c, t)}

Elect(c, Q) ==
  /\ ElectTerms(c, Q) # {}
  /\ LET t == Min(ElectTerms(c, Q)) IN
     /\ currentTerm' = [s \in Server |-> IF s \in Q \cup {c} THEN t ELSE currentTerm[s]]
     /\ role' = [s \in Server |-> IF s = c THEN "Leader" ELSE IF s \in Q THEN "Follower" ELSE role[s]]
     /\ voted' = [s \in Server |-> IF s \in Q \cup {c} THEN TRUE ELSE voted[s]]
  /\ UNCHANGED <<log, committed>>

ClientAppend(l) ==
  /\ role[l] = "Leader" /\ Len(log[l]) < MaxLog
  /\ log' = [log EXCEPT ![l] = Append(@, currentTerm[l])]
  /\ UNCHANGED <<currentTerm, role, voted, committed>>

Copy(l, f, i) ==
  /\ role[l] = "Leader" /\ f # l
  /\ ~(currentTerm[f] > currentTerm[l] \/ (currentTerm[f] = currentTerm[l] /\ role[f] = "Leader"))
  /\ i \in 1..Len(log[l])
  /\ i > 1 => (Len(log[f]) >= i - 1 /\ log[f][i - 1] = log[l][i - 1])
  /\ ~(Len(log[f]) >= i /\ log[f][i] = log[l][i])
  /\ currentTerm' = [currentTerm EXCEPT ![f] = currentTerm[l]]
  /\ role' = [role EXCEPT ![f] = "Follower"]
  /\ voted' = IF currentTerm[f] < currentTerm[l] THEN [voted EXCEPT ![f] = FALSE] ELSE voted
  /\ log' = [log EXCEPT ![f] = SubSeq(log[f], 1, i - 1) \o <<log[l][i]>>]
  /\ UNCHANGED committed

CommitIndex(l) == Max({i \in 0..Len(log[l]) : \A k \in 1..i : IsCommitted(k, log[l][k])})
Holders(l, i) == {j \in Server : j = l \/ (currentTerm[j] = currentTerm[l] /\ SamePrefix(log[j], log[l], i))}
CommitCandidates(l) == {i \in (CommitIndex(l) + 1)..Len(log[l]) :
                          log[l][i] = currentTerm[l] /\ Cardinality(Holders(l, i)) >= Majority}

Commit(l) ==
  /\ role[l] = "Leader"
  /\ CommitCandidates(l) # {}
  /\ LET target == Max(CommitCandidates(l)) IN
     committed' = committed \cup {[index |-> k, term |-> log[l][k], inTerm |-> currentTerm[l]] :
                                    k \in {k \in 1..target : ~IsCommitted(k, log[l][k])}}
  /\ UNCHANGED <<currentTerm, role, voted, log>>

Restart(r) ==
  /\ role[r] = "Leader"
  /\ role' = [role EXCEPT ![r] = "Follower"]
  /\ UNCHANGED <<currentTerm, voted, log, committed>>

Next == \/ \E c \in Server : \E Q \in Quorums(c) : Elect(c, Q)
        \/ \E l \in Server : ClientAppend(l) \/ Commit(l) \/ Restart(l)
        \/ \E l, f \in Server, i \in 1..MaxLog : Copy(l, f, i)

\* SpecNoFair is crank's variant no-fairness.
Fairness == /\ \A c \in Server : WF_vars(\E Q \in Quorums(c) : Elect(c, Q))
            /\ \A l, f \in Server : WF_vars(\E i \in 1..MaxLog : Copy(l, f, i))
            /\ \A l \in Server : WF_vars(Commit(l))
Spec == Init /\ [][Next]_vars /\ Fairness
SpecNoFair == Init /\ [][Next]_vars

EventuallyLeader == <>(\E s \in Server : role[s] = "Leader")
CommittedReachesAll == (committed # {}) ~> (\A c \in committed : \A s \in Server : Len(log[s]) >= c.index /\ log[s][c.index] = c.term)
====
