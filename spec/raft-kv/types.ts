// raft-kv's values: log entries, clients, the history, the state, the events, the
// parameters and the variants.
import type { List } from 'immutable';
import { recordType } from '../../src/values/record.ts';

export type Role = 'Follower' | 'Leader';

/** A client operation: what a script says to do. */
export interface ClientOp {
  readonly f: 'read' | 'write' | 'add';
  readonly key: string;
  /** What write writes, what add adds; 0 for a read. */
  readonly value: number;
}

export interface EntryFields {
  readonly term: number;
  /** The client whose request this is; '' for the no-op a leader commits at the start of its term. */
  readonly client: string;
  /** The client's serial number for the request (its operation's number, from 1). */
  readonly seq: number;
  readonly f: string;
  readonly key: string;
  readonly value: number;
}
export const Entry = recordType<EntryFields>('RaftKvEntry', { term: 0, client: '', seq: 0, f: 'noop', key: '', value: 0 });
export type EntryRecord = ReturnType<typeof Entry>;

export interface ClientFields {
  /** Operations of its script completed so far (the next one's serial number is done + 1). */
  readonly done: number;
  /** Has it invoked an operation that has not completed? */
  readonly waiting: boolean;
  /** The server it last sent the pending operation to (-1: none). */
  readonly server: number;
  /** How many times it has sent the pending operation (1: no retry yet). */
  readonly sends: number;
}
export const Client = recordType<ClientFields>('RaftKvClient', { done: 0, waiting: false, server: -1, sends: 0 });
export type ClientRecord = ReturnType<typeof Client>;

/** One event of the history, in the Jepsen/Maelstrom shape (plus the server that answered). */
export interface HistoryFields {
  readonly process: string;
  readonly type: 'invoke' | 'ok';
  readonly f: string;
  readonly key: string;
  /** On an invoke, the argument (null for a read); on an ok, a read's result. */
  readonly value: number | null;
  /** The server that answered (an ok), '' on an invoke. */
  readonly server: string;
}
export const HistoryEntry = recordType<HistoryFields>('RaftKvHistoryEvent', { process: '', type: 'invoke', f: '', key: '', value: null, server: '' });
export type HistoryRecord = ReturnType<typeof HistoryEntry>;

export interface RaftKvState {
  readonly currentTerm: List<number>;
  readonly role: List<Role>;
  /** Has the server voted in its current term (as in raft-abstract: whom never matters). */
  readonly voted: List<boolean>;
  readonly log: List<List<EntryRecord>>;
  /** Each server's own commit index: volatile (0 after a restart), learned from the leader. */
  readonly commitIndex: List<number>;
  readonly clients: List<ClientRecord>;
  /** History variable: the client operations' invocations and completions, in order. */
  readonly history: List<HistoryRecord>;
  readonly [variable: string]: unknown;
}

export type RaftKvEvent =
  | { readonly kind: 'Elect'; readonly candidate: number; readonly voters: readonly number[] }
  | { readonly kind: 'Copy'; readonly leader: number; readonly follower: number; readonly index: number }
  | { readonly kind: 'Commit'; readonly leader: number }
  | { readonly kind: 'Restart'; readonly server: number }
  | { readonly kind: 'Invoke'; readonly client: number; readonly server: number }
  | { readonly kind: 'Retry'; readonly client: number; readonly server: number }
  | { readonly kind: 'Reply'; readonly client: number }
  | { readonly kind: 'Read'; readonly client: number };

export const raftKvVariants = {
  'stale-read': 'a leader answers a read from its own state machine without a quorum round confirming it is still leader',
  'no-noop': 'a new leader serves reads before it has committed an entry of its own term (the no-op)',
  'retry-duplicates': 'the state machine applies every copy of a request: no deduplication by client serial number',
} as const;
export type RaftKvVariant = keyof typeof raftKvVariants;

export interface RaftKvParams {
  readonly servers: number;
  readonly clients: number;
  readonly ops: number;
  readonly maxTerm: number;
  readonly retries: number;
}

export const DEFAULT_PARAMS: RaftKvParams = { servers: 3, clients: 2, ops: 1, maxTerm: 2, retries: 1 };

/**
 * The clients' scripts: client i runs the first `ops` operations of SCRIPTS[i]. c1
 * increments x (an increment shows a request applied twice), c2 reads it; with `--ops 2`
 * they also write and read y, with `--clients 3` a third client writes x.
 */
export const SCRIPTS: readonly (readonly ClientOp[])[] = [
  [
    { f: 'add', key: 'x', value: 1 },
    { f: 'write', key: 'y', value: 1 },
  ],
  [
    { f: 'read', key: 'x', value: 0 },
    { f: 'read', key: 'y', value: 0 },
  ],
  [
    { f: 'write', key: 'x', value: 5 },
    { f: 'read', key: 'x', value: 0 },
  ],
];

export function serverName(i: number): string {
  return `s${i + 1}`;
}

export function clientName(i: number): string {
  return `c${i + 1}`;
}
