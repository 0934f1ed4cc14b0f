/**
 * An empty array whose elements are objects (or strings: any value but a small integer) from
 * the start.
 *
 * V8 gives a `[]` literal the elements kind of small integers and changes it at the first push
 * of an object. A list that one hot function fills for many objects at once (one per stream)
 * is then seen by the JIT in two kinds: when a stream's first push comes after that function
 * was optimized for the changed kind, the optimized code is thrown away, with the code it was
 * inlined into, and compiled again. Starting from an object array gives every list one kind.
 */
export function objectList<T>(): T[] {
  const list: object[] = [{}];
  list.length = 0;
  return list as T[];
}
