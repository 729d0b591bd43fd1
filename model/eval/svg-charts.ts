// Hand-written SVG charts for the report (no dependencies): a unit-square line chart for ROC and
// calibration curves, and an overlaid histogram of scores. Output is deterministic text.
const width = 480;
const height = 400;
const margin = { left: 56, right: 16, top: 36, bottom: 48 };
const plotW = width - margin.left - margin.right;
const plotH = height - margin.top - margin.bottom;

export interface Series {
  name: string;
  color: string;
  points: readonly (readonly [number, number])[];
  /** Draw a dot per point (calibration bins) in addition to the line. */
  dots?: boolean;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const fmt = (v: number) => (Math.round(v * 10) / 10).toString();
const sx = (x: number) => margin.left + x * plotW;
const sy = (y: number, yMax = 1) => margin.top + plotH - (y / yMax) * plotH;

function frame(title: string, xLabel: string, yLabel: string, yMax: number, yTicks: number[]): string[] {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`,
    `<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
  ];
  for (const t of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    parts.push(
      `<line x1="${fmt(sx(t))}" y1="${margin.top + plotH}" x2="${fmt(sx(t))}" y2="${margin.top + plotH + 4}" stroke="#999"/>`,
    );
    parts.push(
      `<text x="${fmt(sx(t))}" y="${margin.top + plotH + 16}" text-anchor="middle">${t.toFixed(1)}</text>`,
    );
  }
  for (const t of yTicks) {
    parts.push(
      `<line x1="${margin.left - 4}" y1="${fmt(sy(t, yMax))}" x2="${margin.left}" y2="${fmt(sy(t, yMax))}" stroke="#999"/>`,
    );
    parts.push(
      `<text x="${margin.left - 6}" y="${fmt(sy(t, yMax) + 4)}" text-anchor="end">${yMax === 1 ? t.toFixed(1) : t.toFixed(yMax < 10 ? 1 : 0)}</text>`,
    );
  }
  parts.push(
    `<text x="${margin.left + plotW / 2}" y="${height - 10}" text-anchor="middle">${esc(xLabel)}</text>`,
  );
  parts.push(
    `<text transform="translate(14 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
  );
  return parts;
}

/** Legend box in the plot's bottom-right corner (empty for ROC and calibration curves) or top middle. */
function legend(
  series: readonly { name: string; color: string }[],
  place: 'bottom-right' | 'top-middle' = 'bottom-right',
): string[] {
  return series.flatMap((s, i) => {
    const y =
      place === 'bottom-right'
        ? margin.top + plotH - 12 - (series.length - 1 - i) * 16
        : margin.top + 18 + i * 16;
    const x = place === 'bottom-right' ? margin.left + plotW - 210 : margin.left + plotW / 2 - 80;
    return [
      `<rect x="${x}" y="${y - 9}" width="12" height="10" fill="${s.color}"/>`,
      `<text x="${x + 18}" y="${y}">${esc(s.name)}</text>`,
    ];
  });
}

/** Line chart on [0,1]²; `diagonal` draws the y = x reference (chance for ROC, perfect calibration). */
export function unitLineChart(options: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  diagonal: boolean;
}): string {
  const parts = frame(options.title, options.xLabel, options.yLabel, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]);
  if (options.diagonal)
    parts.push(
      `<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(1)}" y2="${sy(1)}" stroke="#bbb" stroke-dasharray="4 4"/>`,
    );
  for (const s of options.series) {
    const path = s.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${fmt(sx(x))} ${fmt(sy(y))}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    if (s.dots === true)
      for (const [x, y] of s.points)
        parts.push(`<circle cx="${fmt(sx(x))}" cy="${fmt(sy(y))}" r="3" fill="${s.color}"/>`);
  }
  parts.push(...legend(options.series), '</svg>');
  return `${parts.join('\n')}\n`;
}

/** Overlaid histograms of values in [0,1], each normalised to a density so unequal groups compare. */
export function scoreHistogram(options: {
  title: string;
  series: readonly { name: string; color: string; values: ArrayLike<number> }[];
  bins: number;
}): string {
  const densities = options.series.map((s) => {
    const counts = new Array<number>(options.bins).fill(0);
    for (let i = 0; i < s.values.length; i++) {
      const b = Math.min(options.bins - 1, Math.max(0, Math.floor((s.values[i] ?? 0) * options.bins)));
      counts[b] = (counts[b] ?? 0) + 1;
    }
    return counts.map((c) => (s.values.length > 0 ? (c / s.values.length) * options.bins : 0));
  });
  const peak = Math.max(1, ...densities.flat());
  const yMax = Math.ceil(peak);
  const ticks = Array.from({ length: 5 }, (_, i) => (yMax * i) / 4);
  const parts = frame(options.title, 'seriousness score', 'density', yMax, ticks);
  options.series.forEach((s, k) => {
    const density = densities[k] ?? [];
    const path = density
      .map(
        (d, b) =>
          `${b === 0 ? `M${fmt(sx(0))} ${fmt(sy(0, yMax))} ` : ''}L${fmt(sx(b / options.bins))} ${fmt(sy(d, yMax))} L${fmt(sx((b + 1) / options.bins))} ${fmt(sy(d, yMax))}`,
      )
      .join(' ');
    parts.push(
      `<path d="${path} L${fmt(sx(1))} ${fmt(sy(0, yMax))} Z" fill="${s.color}" fill-opacity="0.25" stroke="${s.color}" stroke-width="1.5"/>`,
    );
  });
  // Scores pile up at both ends; the middle of the plot is where the legend hides nothing.
  parts.push(...legend(options.series, 'top-middle'), '</svg>');
  return `${parts.join('\n')}\n`;
}
