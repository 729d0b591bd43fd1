// The chart writer keeps every value inside the plot area.
import { describe, expect, it } from 'vitest';
import { barChart } from '../svg.ts';

const rectTops = (svg: string) =>
  [...svg.matchAll(/<rect x="[^"]+" y="([\d.-]+)"/g)].map((m) => Number(m[1]));

describe('barChart', () => {
  it('draws the tallest bar below the top of the plot when the value is just past a round tick', () => {
    // 1,100 on a 0–1,000 axis used to end above the plot (the axis stopped at its last tick).
    const svg = barChart({
      title: 't',
      yLabel: 'y',
      bars: [
        { label: 'a', value: 1100 },
        { label: 'b', value: 10 },
      ],
    });
    for (const top of rectTops(svg)) expect(top).toBeGreaterThanOrEqual(50);
  });

  it('draws log-scale bars that differ by orders of magnitude, each with its own height', () => {
    const svg = barChart({
      title: 't',
      yLabel: 'y',
      logY: true,
      bars: [
        { label: 'a', value: 50 },
        { label: 'b', value: 20_000 },
      ],
    });
    const [a, b] = rectTops(svg);
    expect(a).toBeGreaterThan(b ?? Infinity);
    expect(b).toBeGreaterThanOrEqual(50);
  });
});
