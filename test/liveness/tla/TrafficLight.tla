---- MODULE TrafficLight ----
\* crank's traffic light (spec/traffic-light/model.ts) with its liveness properties.
EXTENDS Naturals
\* The colours are model values (G, Y, R), as crank prints them, so that TLC's traces
\* replay in crank.
CONSTANTS Variant, G, Y, R
VARIABLES ew, ns, clock, button
vars == <<ew, ns, clock, button>>

Init == ew = G /\ ns = R /\ clock = 0 /\ button = FALSE

Clock ==
  \/ ew = G /\ clock < 30 /\ clock' = clock + 1 /\ UNCHANGED <<ew, ns, button>>
  \/ ew = G /\ clock = 30 /\ ew' = Y /\ clock' = 0 /\ UNCHANGED <<ns, button>>
  \/ ew = Y /\ clock < 5 /\ clock' = clock + 1 /\ UNCHANGED <<ew, ns, button>>
  \/ ew = Y /\ clock = 5 /\ ew' = R /\ ns' = G /\ clock' = 0 /\ UNCHANGED button
  \/ ew = R /\ ns = G /\ ~(clock = 60 \/ (button /\ clock >= 30)) /\ clock' = clock + 1 /\ UNCHANGED <<ew, ns, button>>
  \/ ew = R /\ ns = G /\ (clock = 60 \/ (button /\ clock >= 30)) /\ ns' = Y /\ clock' = 0 /\ button' = FALSE /\ UNCHANGED ew
  \/ ew = R /\ ns = Y /\ clock < 5 /\ clock' = clock + 1 /\ UNCHANGED <<ew, ns, button>>
  \/ ew = R /\ ns = Y /\ clock = 5 /\ ns' = R /\ ew' = G /\ clock' = 0 /\ UNCHANGED button

\* Variant "press-restarts-timer": a press during north-south green restarts its timer.
Press ==
  /\ button' = TRUE
  /\ IF Variant = "press-restarts-timer" /\ ns = G THEN clock' = 0 ELSE UNCHANGED clock
  /\ UNCHANGED <<ew, ns>>

Next == Clock \/ Press

Spec == Init /\ [][Next]_vars /\ WF_vars(Clock)
SpecNoFair == Init /\ [][Next]_vars

Safe == ew = R \/ ns = R
ButtonServed == button ~> ns = Y
EastWestGreen == []<>(ew = G)
NorthSouthGreen == []<>(ns = G)
====
