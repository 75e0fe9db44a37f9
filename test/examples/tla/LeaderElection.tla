--------------------------- MODULE LeaderElection ---------------------------
(* A transcription of crank's spec/leader-election model (Raft leader election as the  *)
(* Maelstrom Raft tutorial builds it), for comparing counts with TLC: the same          *)
(* variables, the same actions and bounds, one successor per node or message chosen.    *)
EXTENDS Naturals, Sequences, FiniteSets, TLC

CONSTANTS Node,              \* n1..nN (--nodes)
          MaxTerm,           \* --max-term
          MaxLog,            \* --max-log
          Nil, Follower, Candidate, Leader,
          VoteTwice          \* TRUE for the vote-twice variant

VARIABLES currentTerm, role, votedFor, votes, log, network
vars == <<currentTerm, role, votedFor, votes, log, network>>

Majority == Cardinality(Node) \div 2 + 1
LastTerm(l) == IF l = << >> THEN 0 ELSE l[Len(l)]
Perms == Permutations(Node)

Init == /\ currentTerm = [n \in Node |-> 0]
        /\ role = [n \in Node |-> Follower]
        /\ votedFor = [n \in Node |-> Nil]
        /\ votes = [n \in Node |-> {}]
        /\ log = [n \in Node |-> << >>]
        /\ network = {}

\* become_candidate! and request_votes!
Timeout(i) ==
  /\ role[i] # Leader
  /\ currentTerm[i] + 1 <= MaxTerm
  /\ currentTerm' = [currentTerm EXCEPT ![i] = @ + 1]
  /\ role' = [role EXCEPT ![i] = Candidate]
  /\ votedFor' = [votedFor EXCEPT ![i] = i]
  /\ votes' = [votes EXCEPT ![i] = {i}]
  /\ network' = network \cup
       {[mtype |-> "RequestVote", src |-> i, dst |-> j, term |-> currentTerm[i] + 1,
         lastLogIndex |-> Len(log[i]), lastLogTerm |-> LastTerm(log[i])] : j \in Node \ {i}}
  /\ UNCHANGED log

\* The request_vote handler, after maybe_step_down!.
HandleRequestVote(m) ==
  LET j == m.dst
      higher == m.term > currentTerm[j]
      term == IF higher THEN m.term ELSE currentTerm[j]
      voted == IF higher THEN Nil ELSE votedFor[j]
      grant == /\ m.term >= term
               /\ VoteTwice \/ voted = Nil
               /\ ~(m.lastLogTerm < LastTerm(log[j]))
               /\ ~(m.lastLogTerm = LastTerm(log[j]) /\ m.lastLogIndex < Len(log[j]))
  IN /\ currentTerm' = [currentTerm EXCEPT ![j] = term]
     /\ role' = IF higher THEN [role EXCEPT ![j] = Follower] ELSE role
     /\ votedFor' = [votedFor EXCEPT ![j] = IF grant THEN m.src ELSE voted]
     /\ votes' = IF higher THEN [votes EXCEPT ![j] = {}] ELSE votes
     /\ network' = (network \ {m}) \cup
          {[mtype |-> "RequestVoteRes", src |-> j, dst |-> m.src, term |-> term, voteGranted |-> grant]}
     /\ UNCHANGED log

\* The request_votes! callback, after maybe_step_down!.
HandleRequestVoteRes(m) ==
  LET i == m.dst
      higher == m.term > currentTerm[i]
      term == IF higher THEN m.term ELSE currentTerm[i]
      r == IF higher THEN Follower ELSE role[i]
      vs == IF higher THEN {} ELSE votes[i]
      counts == r = Candidate /\ term = m.term /\ m.voteGranted
      vs2 == IF counts THEN vs \cup {m.src} ELSE vs
      wins == counts /\ Cardinality(vs2) >= Majority
  IN /\ currentTerm' = [currentTerm EXCEPT ![i] = term]
     /\ role' = [role EXCEPT ![i] = IF wins THEN Leader ELSE r]
     /\ votedFor' = IF higher THEN [votedFor EXCEPT ![i] = Nil] ELSE votedFor
     /\ votes' = [votes EXCEPT ![i] = IF wins THEN {} ELSE vs2]   \* a new leader forgets the count
     /\ network' = network \ {m}
     /\ UNCHANGED log

Receive(m) == IF m.mtype = "RequestVote" THEN HandleRequestVote(m) ELSE HandleRequestVoteRes(m)

\* A leader appends a client request's entry.
LeaderAppend(i) ==
  /\ role[i] = Leader
  /\ Len(log[i]) < MaxLog
  /\ log' = [log EXCEPT ![i] = Append(@, currentTerm[i])]
  /\ UNCHANGED <<currentTerm, role, votedFor, votes, network>>

Next == \/ \E i \in Node : Timeout(i)
        \/ \E m \in network : Receive(m)
        \/ \E i \in Node : LeaderAppend(i)

Spec == Init /\ [][Next]_vars

ElectionSafety == \A i, j \in Node :
                    (i # j /\ role[i] = Leader /\ role[j] = Leader) => currentTerm[i] # currentTerm[j]
=============================================================================
