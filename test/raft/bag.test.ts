// The message bag: raft.tla's WithMessage / WithoutMessage (reference semantics: the last
// copy leaves the domain), Reply, DuplicateMessage and DropMessage.
import { Map as IMap, is } from 'immutable';
import { describe, expect, it } from 'vitest';
import { dropMessage, duplicateMessage, receive, withMessage, withoutMessage } from '../../spec/raft/actions.ts';
import type { Message } from '../../spec/raft/types.ts';
import { logOf, setup, spec, step, withServer, msg } from './helpers.ts';

describe('bag', () => {
  const { c, init } = setup();
  const a = msg.requestVoteRequest(2, 0, 0, 'r1', 'r2');
  const b = msg.appendEntriesResponse(2, true, 0, 'r2', 'r1');
  const bag = (...entries: [Message, number][]) => IMap<Message, number>(entries);

  it('send: a new message enters with count 1, a present one gains a copy', () => {
    expect(is(withMessage(bag(), a), bag([a, 1]))).toBe(true);
    expect(is(withMessage(bag([a, 1], [b, 1]), a), bag([a, 2], [b, 1]))).toBe(true);
  });

  it('an equal message built afresh is the same bag key', () => {
    expect(msg.requestVoteRequest(2, 0, 0, 'r1', 'r2')).toBe(a);
    expect(withMessage(bag([a, 1]), msg.requestVoteRequest(2, 0, 0, 'r1', 'r2')).get(a)).toBe(2);
  });

  it('discard: one copy fewer; the last copy leaves the domain; an absent message changes nothing', () => {
    expect(is(withoutMessage(bag([a, 2]), a), bag([a, 1]))).toBe(true);
    const gone = withoutMessage(bag([a, 1], [b, 1]), a);
    expect(is(gone, bag([b, 1]))).toBe(true);
    expect(gone.has(a)).toBe(false);
    const none = bag([b, 1]);
    expect(withoutMessage(none, a)).toBe(none);
  });

  it('reply: adds the response and discards the request', () => {
    const s0 = withServer(c, init, 'r2', { currentTerm: 2 });
    const s = { ...s0, messages: bag([a, 2]) };
    const t = receive(c, s, a)!;
    const response = msg.requestVoteResponse(2, true, logOf(c), 'r2', 'r1');
    expect(is(t.messages, bag([a, 1], [response, 1]))).toBe(true);
    const u = receive(c, { ...t, votedFor: s0.votedFor }, a)!;
    expect(is(u.messages, bag([response, 2]))).toBe(true);
  });

  it('DuplicateMessage adds a copy; DropMessage removes one, the last from the domain', () => {
    const s = { ...init, messages: bag([a, 1]) };
    const twice = duplicateMessage(c, s, a);
    expect(is(twice.messages, bag([a, 2]))).toBe(true);
    expect(is(dropMessage(c, twice, a).messages, bag([a, 1]))).toBe(true);
    expect(dropMessage(c, s, a).messages.size).toBe(0);
  });

  it('a dropped last copy can never be received: no events for it remain', () => {
    const sp = spec({ servers: 2 });
    let s = step(sp, sp.initialStates()[0]!, 'Timeout(r1)');
    s = step(sp, s, 'RequestVote(r1, r2)');
    s = step(sp, s, 'DropMessage(RequestVoteRequest r1→r2');
    expect(sp.events(s).map((e) => sp.eventLabel!(e, s)).filter((l) => l.includes('RequestVoteRequest'))).toEqual([]);
  });

  it('each message in the bag gives a Receive, a DuplicateMessage and a DropMessage event', () => {
    const sp = spec({ servers: 2 });
    const s = { ...sp.initialStates()[0]!, messages: bag([a, 1], [b, 2]) };
    const kinds = sp.events(s).map((e) => e.kind).filter((k) => k === 'Receive' || k === 'DuplicateMessage' || k === 'DropMessage');
    expect(kinds.sort()).toEqual(['DropMessage', 'DropMessage', 'DuplicateMessage', 'DuplicateMessage', 'Receive', 'Receive']);
  });
});
