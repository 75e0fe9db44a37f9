// TLC's figures for the example models' TLA+ transcriptions (tla/), read from
// tlc-examples.json (see its "about").
import { readFileSync } from 'node:fs';

export interface ExampleConfig {
  readonly name: string;
  /** 'small' runs in npm test; 'bench' in npm run test:slow and the benchmark. */
  readonly size: 'small' | 'bench';
  readonly model: string;
  readonly params: Readonly<Record<string, number>>;
  readonly variant?: string;
  readonly symmetry: boolean;
  /** The TLA+ module and TLC config in tla/. */
  readonly tla: string;
  readonly cfg: string;
  /** The constants the .cfg sets (TLC's spelling of the crank params). */
  readonly constants: Readonly<Record<string, string | number>>;
  /** A correct configuration's figures (absent for a violation). */
  readonly distinct?: number;
  readonly generated?: number;
  readonly depth?: number;
  /** A broken variant: the invariant TLC reports and its counterexample's length in states. */
  readonly violation?: { readonly property: string; readonly states: number };
  readonly stoppedAt?: { readonly distinct: number; readonly generated: number; readonly depth: number };
  readonly tlcSeconds: number;
}

export const examplesReference = JSON.parse(readFileSync(new URL('./tlc-examples.json', import.meta.url), 'utf8')) as {
  readonly configs: readonly ExampleConfig[];
};
