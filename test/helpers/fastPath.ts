// Issue #5: the parser's fast paths (src/parse/simpleBlocks.ts, simpleHeading.ts) are held
// to micromark's reading of every input they take.
import fc from "fast-check";
import { expect } from "vitest";

/**
 * A check that a fast path reads an input as the reference reader does, as far as `shape`
 * keeps of their trees; it returns whether the fast path took the input at all.
 * @param fast the fast path: a tree, or null to leave the input to the reference
 * @param reference the reader the fast path stands in for
 * @param shape what the caller reads of a tree
 */
export function agreesWith<T>(
  fast: (input: string) => T | null,
  reference: (input: string) => T,
  shape: (tree: T) => unknown,
): (input: string) => boolean {
  return (input) => {
    const tree = fast(input);
    if (tree !== null) expect(shape(tree)).toEqual(shape(reference(input)));
    return tree !== null;
  };
}

/**
 * Runs `agrees` on `numRuns` generated inputs and counts those the fast path took, so a
 * test can show its comparison was not an empty one.
 */
export function countTaken(inputs: fc.Arbitrary<string>, agrees: (input: string) => boolean, numRuns: number): number {
  let taken = 0;
  fc.assert(
    fc.property(inputs, (input) => {
      if (agrees(input)) taken += 1;
    }),
    { numRuns },
  );
  return taken;
}
