// The per-stream event list starts with object elements, so the JIT sees one elements kind for
// it however late a stream's first event comes (see objectList). V8's own checks, with natives
// syntax switched on for this file's process only, say what kind an array's elements are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { objectList } from '../../src/util/object-list.js';

setFlagsFromString('--allow-natives-syntax');
// Compiled after the flag is set: natives syntax only parses in code compiled with it on.
const hasObjectElements = new Function('a', 'return %HasObjectElements(a)') as (a: unknown[]) => boolean;
const hasSmiElements = new Function('a', 'return %HasSmiElements(a)') as (a: unknown[]) => boolean;

describe('objectList', () => {
  it('is empty and has object elements before anything is pushed, where [] has small-integer ones', () => {
    const list = objectList<{ data: string }>();
    assert.equal(list.length, 0);
    assert.deepEqual(list, []);
    assert.equal(hasObjectElements(list), true);
    assert.equal(hasSmiElements([]), true);
  });

  it('keeps its kind through pushes and being emptied, and makes a new list each call', () => {
    const list = objectList<{ data: string }>();
    list.push({ data: 'a' }, { data: 'b' });
    assert.deepEqual(list, [{ data: 'a' }, { data: 'b' }]);
    list.length = 0;
    assert.equal(hasObjectElements(list), true);
    assert.notEqual(objectList(), objectList());
  });
});
