// Prints crank values the way TLA+ (and TLC) writes them, on one line: functions and
// bags as `(r1 :> 1 @@ r2 :> 2)`, an empty function as `<<>>`, sequences `<<a, b>>`,
// sets `{a, b}`, records `[f |-> v]` in declaration order, model values bare,
// TRUE/FALSE. One printer serves every format: this goes through src/tla's, which
// orders set and function entries as TLC does.
import { flat } from '../tla/print.ts';
import { fromCrank, type StringPolicy } from '../tla/value.ts';

export function printValue(v: unknown, policy?: StringPolicy): string {
  return flat(fromCrank(v, policy));
}
