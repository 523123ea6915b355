// The lazy array the page reads flows and findings through: an element is built when it is read,
// once, and the array behaves as a read-only array for the code that iterates it.
import { describe, expect, it } from 'vitest';
import { lazyArray } from './lazy-array';

function counted(length: number) {
  const built: number[] = [];
  const array = lazyArray(length, (i) => {
    built.push(i);
    return { i };
  });
  return { array, built };
}

describe('lazyArray', () => {
  it('builds nothing until an element is read, then that element only, once', () => {
    const { array, built } = counted(100_000);
    expect(array.length).toBe(100_000);
    expect(built).toEqual([]);
    expect(array[70_000]).toEqual({ i: 70_000 });
    expect(array[70_000]).toBe(array[70_000]);
    expect(built).toEqual([70_000]);
    expect(array[100_000]).toBeUndefined();
    expect(array[-1]).toBeUndefined();
    expect(built).toEqual([70_000]);
  });

  it('iterates, maps and filters like an array', () => {
    const { array } = counted(5);
    expect(Array.isArray(array)).toBe(true);
    expect([...array].map((e) => e.i)).toEqual([0, 1, 2, 3, 4]);
    expect(array.map((e) => e.i * 2)).toEqual([0, 2, 4, 6, 8]);
    expect(array.filter((e) => e.i % 2 === 1)).toEqual([{ i: 1 }, { i: 3 }]);
    expect(array.findIndex((e) => e.i === 3)).toBe(3);
    const seen: number[] = [];
    array.forEach((e, i) => {
      seen.push(e.i - i);
    });
    expect(seen).toEqual([0, 0, 0, 0, 0]);
    expect(Object.keys(array)).toEqual(['0', '1', '2', '3', '4']);
    expect(JSON.parse(JSON.stringify(array))).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }]);
    expect(2 in array).toBe(true);
    expect(5 in array).toBe(false);
  });

  it('is read-only', () => {
    const { array } = counted(3);
    expect(() => {
      array[0] = { i: 9 };
    }).toThrow(TypeError);
    expect(() => array.push({ i: 3 })).toThrow(TypeError);
    expect(array.length).toBe(3);
  });
});
