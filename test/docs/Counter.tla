---- MODULE Counter ----
\* docs/writing-a-model.md's counter model, transcribed to TLA+ to check the page's figures
\* against TLC 2.20 (run by hand: tlc2.TLC -workers 1, CHECK_DEADLOCK FALSE, INVARIANT
\* AllCounted, Clients = {c1, ..., cN}, NoLock = FALSE unless said, SYMMETRY Perms where said).
\* TLC printed, as states generated / distinct / depth:
\*   N = 2:                     9 / 9 / 5         N = 3:                   31 / 31 / 7
\*   N = 5:                   651 / 651 / 11      N = 5, symmetry:         21 / 11 / 11
\*   N = 4, symmetry:          15 / 9 / 9         N = 7:             27399 / 27399 / 15
\*   N = 2, NoLock: AllCounted violated, 12 distinct, depth 5, a 5-state trace
\*   N = 3, NoLock: AllCounted violated, 73 distinct, depth 7, a 7-state trace
\* crank prints all of these (the page and test/package pin them). At a violation TLC's
\* "generated" is larger than crank's (17 and 114 against 13 and 90): TLC counts the
\* successors its worker produced before it stopped.
EXTENDS Naturals, FiniteSets, TLC
CONSTANTS Clients, NoLock
VARIABLES count, locked, pc, copy
vars == <<count, locked, pc, copy>>

Init == /\ count = 0
        /\ locked = FALSE
        /\ pc = [c \in Clients |-> "start"]
        /\ copy = [c \in Clients |-> 0]

Read(c) == /\ pc[c] = "start"
           /\ ~locked \/ NoLock
           /\ locked' = TRUE
           /\ pc' = [pc EXCEPT ![c] = "read"]
           /\ copy' = [copy EXCEPT ![c] = count]
           /\ UNCHANGED count

Write(c) == /\ pc[c] = "read"
            /\ locked' = FALSE
            /\ pc' = [pc EXCEPT ![c] = "done"]
            /\ count' = copy[c] + 1
            /\ UNCHANGED copy

Next == \E c \in Clients : Read(c) \/ Write(c)
Spec == Init /\ [][Next]_vars

AllCounted == (\A c \in Clients : pc[c] = "done") => count = Cardinality(Clients)
Perms == Permutations(Clients)
====
