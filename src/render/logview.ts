// A model-agnostic picture of a replicated log, as the Raft paper draws it: one row per
// server, each log entry a box labelled with its term.
//
// A model that wants its counterexamples drawn (SVG, HTML) gives its Spec a `logView`
// function (src/spec.ts). The renderers in this folder know nothing else about the model.
import type { Spec, State } from '../spec.ts';

export interface LogEntryView {
  readonly term: number;
  /** Known to be committed (by any server): drawn with a mark. */
  readonly committed: boolean;
}

export interface ServerView {
  readonly name: string;
  readonly term: number;
  readonly leader: boolean;
  /** The server's own commit index (0: nothing), where the model knows it. */
  readonly commitIndex?: number;
  readonly entries: readonly LogEntryView[];
  /** A crashed or silent server, if the model knows (drawn greyed). */
  readonly down?: boolean;
}

export interface LogView {
  readonly servers: readonly ServerView[];
}

export function logViewOf<S extends State>(spec: Spec<S, unknown>): ((state: S) => LogView) | undefined {
  return spec.logView?.bind(spec);
}
