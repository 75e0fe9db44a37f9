// The traffic-light warm-up from the "Rafting Trip" course: two directions (east-west
// and north-south), a clock that ticks one unit per event, and a pedestrian button that
// shortens the north-south green. Figures to match (TLC on the same machine): 208
// distinct states, 418 generated, depth 99.
import { alwaysEventually, leadsTo, weakFairness } from '../../src/liveness.ts';
import { defineModel, type Spec } from '../../src/spec.ts';

export type Light = 'G' | 'Y' | 'R';
export interface TrafficState {
  readonly ew: Light;
  readonly ns: Light;
  readonly clock: number;
  readonly button: boolean;
  readonly [variable: string]: unknown;
}
export type TrafficEvent = 'clock' | 'press';

const GREEN_EW = 30;
const YELLOW = 5;
const GREEN_NS = 60;
const BUTTON_MIN_GREEN = 30;

/** Variants: one-place controller bugs a student can switch on. */
export const trafficVariants = {
  'yellow-skip':
    'north-south yellow hands over to east-west green without turning north-south red',
  'press-restarts-timer':
    'a press during north-south green restarts its timer: a persistent pedestrian keeps east-west red forever (liveness, not safety)',
  'no-fairness':
    'the correct controller without weak fairness of the clock: the lights may stop changing (every property fails by stuttering)',
} as const;

/**
 * The successors of a clock tick. North-south green hands over for two reasons, the
 * timer running out and the button; each is its own rule, and when both apply (clock 60
 * with the button pressed) the tick has two (equal) successors, one per rule. That is
 * how TLC counts the TLA+ disjunction `clock = 60 \/ (button /\ clock >= 30)`, and why
 * TLC reports 418 generated states rather than 417.
 */
function tick(s: TrafficState, variant: string | undefined): TrafficState[] {
  const t = s.clock;
  if (s.ew === 'G') return [t < GREEN_EW ? { ...s, clock: t + 1 } : { ...s, ew: 'Y', clock: 0 }];
  if (s.ew === 'Y') return [t < YELLOW ? { ...s, clock: t + 1 } : { ...s, ew: 'R', ns: 'G', clock: 0 }];
  if (s.ns === 'G') {
    const timerRunsOut = t === GREEN_NS;
    const buttonCutsShort = s.button && t >= BUTTON_MIN_GREEN;
    if (!timerRunsOut && !buttonCutsShort) return [{ ...s, clock: t + 1 }];
    const handOver: TrafficState = { ...s, ns: 'Y', clock: 0, button: false };
    return timerRunsOut && buttonCutsShort ? [handOver, handOver] : [handOver];
  }
  // ns is yellow here.
  if (t < YELLOW) return [{ ...s, clock: t + 1 }];
  // VARIANT yellow-skip: the hand-over forgets to turn north-south red.
  return [variant === 'yellow-skip' ? { ...s, ew: 'G', clock: 0 } : { ...s, ns: 'R', ew: 'G', clock: 0 }];
}

/** A press sets the button (a stuttering step when it is already set). */
function press(s: TrafficState, variant: string | undefined): TrafficState {
  // VARIANT press-restarts-timer: a press during north-south green restarts its timer.
  if (variant === 'press-restarts-timer' && s.ns === 'G') return { ...s, button: true, clock: 0 };
  return { ...s, button: true };
}

export function buildTrafficLight(variant?: string): Spec<TrafficState, TrafficEvent> {
  return {
    variables: ['ew', 'ns', 'clock', 'button'],
    initialStates: () => [{ ew: 'G', ns: 'R', clock: 0, button: false }],
    events: () => ['clock', 'press'],
    next: (s, e) => (e === 'press' ? [press(s, variant)] : tick(s, variant)),
    eventLabel: (e) => e,
    invariants: {
      Safe: { description: 'one direction is always red', holds: (s) => s.ew === 'R' || s.ns === 'R' },
    },
    properties: {
      ButtonServed: leadsTo<TrafficState>((s) => s.button, (s) => s.ns === 'Y', 'a pressed button is eventually served: button ~> ns = Y'),
      EastWestGreen: alwaysEventually<TrafficState>((s) => s.ew === 'G', 'east-west is green infinitely often: []<>(ew = G)'),
      NorthSouthGreen: alwaysEventually<TrafficState>((s) => s.ns === 'G', 'north-south is green infinitely often: []<>(ns = G)'),
    },
    // WF_vars(clock): a clock tick that stays possible eventually happens. Pressing the
    // button is not fair: nobody has to press it. VARIANT no-fairness drops the clock's.
    fairness: variant === 'no-fairness' ? [] : [weakFairness<TrafficEvent>('clock', (e) => e === 'clock')],
  };
}

export const trafficLight = defineModel<TrafficState, TrafficEvent>({
  name: 'traffic-light',
  summary: 'two-direction traffic light with a clock and a pedestrian button (warm-up)',
  params: {},
  variants: trafficVariants,
  build: (_params, variant) => buildTrafficLight(variant),
});
