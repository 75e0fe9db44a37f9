// What crank relies on of immutable.js's internals, in one place: the prototypes of its
// plain Map, Set and List (one comparison recognises a node, where the `isMap`-style
// predicates are a property lookup each on nodes of many shapes), and the shape of a
// Map's hash trie. Every reader of the trie checks the shape it finds and falls back
// on immutable.js's public methods when it differs (another immutable.js version).
import { List, Map as IMap, Set as ISet } from 'immutable';

export const MAP_PROTO: object = Object.getPrototypeOf(IMap());
export const SET_PROTO: object = Object.getPrototypeOf(ISet());
export const LIST_PROTO: object = Object.getPrototypeOf(List());

/** A [key, value] pair of a Map's trie (a Set is a Map from each element to itself). */
export type TrieEntry = readonly [unknown, unknown];

/**
 * A trie node: ArrayMapNode and HashCollisionNode hold `entries`, ValueNode one
 * `entry`, BitmapIndexedNode and HashArrayMapNode child `nodes`.
 */
export interface TrieNode {
  readonly entries?: readonly TrieEntry[];
  readonly entry?: TrieEntry;
  readonly nodes?: readonly (TrieNode | undefined)[];
}

/** A Map's trie root; a Set holds its Map in `_map`. */
export interface MapInternals {
  readonly size: number;
  readonly _root?: TrieNode;
  readonly _map?: MapInternals;
}
