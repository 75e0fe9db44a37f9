---- MODULE Con ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Inc == x < 5 /\ x' = x + 1
Spec == Init /\ [][Inc]_x /\ WF_x(Inc)
Never == <>(x = 10)
InRange == x < 3
====
