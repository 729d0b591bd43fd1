// Grouped k-fold by subreddit: every post of a community lands in the same fold, so a fold's
// score measures communities the model never saw. Serious and unserious communities are dealt
// out separately so that every fold holds both classes.
import { seededRandom, shuffleInPlace } from './random.ts';

export interface GroupedItem {
  group: string;
  label: number;
}

/** Returns fold index per item (0..k-1). */
export function groupedFolds(items: readonly GroupedItem[], k: number, seed: number): number[] {
  const labelOfGroup = new Map<string, number[]>();
  for (const item of items) {
    const counts = labelOfGroup.get(item.group) ?? [0, 0];
    counts[item.label === 1 ? 1 : 0] = (counts[item.label === 1 ? 1 : 0] ?? 0) + 1;
    labelOfGroup.set(item.group, counts);
  }
  const groups = [...labelOfGroup.keys()].sort();
  const majority = (g: string) => {
    const [neg = 0, pos = 0] = labelOfGroup.get(g) ?? [];
    return pos >= neg ? 1 : 0;
  };
  const random = seededRandom(seed);
  const foldOfGroup = new Map<string, number>();
  let next = 0;
  for (const cls of [1, 0]) {
    const members = shuffleInPlace(
      groups.filter((g) => majority(g) === cls),
      random,
    );
    for (const g of members) foldOfGroup.set(g, next++ % k);
  }
  return items.map((item) => foldOfGroup.get(item.group) ?? 0);
}
