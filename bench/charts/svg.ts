// A tiny SVG chart writer for the bench scripts (no dependencies): a line chart with an optional
// log-scale x axis, and a bar chart. Good enough for a README; not a plotting library.

export interface LineSeries {
  name: string;
  points: readonly (readonly [number, number])[];
  /** Drawn dashed (e.g. a goal line). */
  dashed?: boolean;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  logX?: boolean;
  logY?: boolean;
  width?: number;
  height?: number;
}

export interface Bar {
  label: string;
  value: number;
  /** Shown above the bar; default the value, rounded. */
  text?: string;
}

export interface BarChartOptions {
  title: string;
  yLabel: string;
  bars: readonly Bar[];
  /** Log-scale value axis: for bars that differ by orders of magnitude (a bar starts at the lowest tick). */
  logY?: boolean;
  width?: number;
  height?: number;
}

const COLORS = ['#1f77b4', '#ff7f0e', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#7f7f7f'];
const MARGIN = { top: 40, right: 170, bottom: 50, left: 70 };

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1000) return `${+(value / 1000).toPrecision(3)}k`;
  if (abs >= 1) return String(+value.toPrecision(3));
  return String(+value.toPrecision(2));
}

/** The horizontal grid lines and the value labels of a y axis. */
function yGrid(y: { ticks: number[]; scale: (v: number) => number }, x0: number, x1: number): string[] {
  return y.ticks.flatMap((t) => {
    const py = y.scale(t).toFixed(1);
    return [
      `<line x1="${x0}" x2="${x1}" y1="${py}" y2="${py}" stroke="#ddd"/>`,
      `<text x="${x0 - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${fmt(t)}</text>`,
    ];
  });
}

/** Round-number ticks for a linear axis. */
function linearTicks(min: number, max: number, count = 5): number[] {
  const span = max - min || 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step)
    ticks.push(+t.toPrecision(12));
  // The axis ends at its last tick: without one at or above max, the top value would be drawn
  // past the plot's edge.
  const last = ticks.at(-1);
  if (last !== undefined && last < max) ticks.push(+(last + step).toPrecision(12));
  return ticks;
}

function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) ticks.push(10 ** e);
  return ticks;
}

interface Axis {
  scale: (v: number) => number;
  ticks: number[];
}

function axis(values: number[], log: boolean, from: number, to: number, zeroBased: boolean): Axis {
  const positive = log ? values.filter((v) => v > 0) : values;
  let min = Math.min(...positive);
  let max = Math.max(...positive);
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = log ? [1, 10] : [0, 1];
  if (log) {
    const ticks = logTicks(min, max);
    const lo = Math.log10(ticks[0] ?? min);
    const hi = Math.log10(ticks.at(-1) ?? max);
    return {
      ticks,
      scale: (v) => from + ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo || 1)) * (to - from),
    };
  }
  if (zeroBased) min = Math.min(0, min);
  const ticks = linearTicks(min, max * 1.05);
  const lo = ticks[0] ?? min;
  const hi = ticks.at(-1) ?? max;
  return { ticks, scale: (v) => from + ((v - lo) / (hi - lo || 1)) * (to - from) };
}

function frame(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

export function lineChart(options: LineChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 420;
  const x0 = MARGIN.left;
  const x1 = width - MARGIN.right;
  const y0 = height - MARGIN.bottom;
  const y1 = MARGIN.top;
  const xs = options.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = options.series.flatMap((s) => s.points.map((p) => p[1]));
  const x = axis(xs, options.logX ?? false, x0, x1, false);
  const y = axis(ys, options.logY ?? false, y0, y1, true);
  const body: string[] = yGrid(y, x0, x1);
  for (const t of x.ticks) {
    const px = x.scale(t).toFixed(1);
    body.push(`<line x1="${px}" x2="${px}" y1="${y0}" y2="${y1}" stroke="#eee"/>`);
    body.push(`<text x="${px}" y="${y0 + 16}" text-anchor="middle">${fmt(t)}</text>`);
  }
  body.push(`<line x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}" stroke="#333"/>`);
  body.push(`<line x1="${x0}" x2="${x0}" y1="${y0}" y2="${y1}" stroke="#333"/>`);
  body.push(
    `<text x="${(x0 + x1) / 2}" y="${height - 12}" text-anchor="middle">${esc(options.xLabel)}</text>`,
  );
  body.push(
    `<text x="16" y="${(y0 + y1) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(y0 + y1) / 2})">${esc(options.yLabel)}</text>`,
  );
  options.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length] ?? '#000';
    const pts = s.points.map(([px, py]) => `${x.scale(px).toFixed(1)},${y.scale(py).toFixed(1)}`);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    body.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`);
    if (!s.dashed) {
      for (const p of pts) {
        const [cx, cy] = p.split(',');
        body.push(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${color}"/>`);
      }
    }
    const ly = y1 + 10 + i * 20;
    body.push(
      `<line x1="${x1 + 15}" x2="${x1 + 40}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/>`,
    );
    body.push(`<text x="${x1 + 46}" y="${ly}" dominant-baseline="middle">${esc(s.name)}</text>`);
  });
  return frame(width, height, options.title, body);
}

export function barChart(options: BarChartOptions): string {
  const width = options.width ?? 560;
  const height = options.height ?? 400;
  const x0 = MARGIN.left;
  const x1 = width - 30;
  const y0 = height - MARGIN.bottom - 20;
  const y1 = MARGIN.top + 10;
  const y = axis(
    options.bars.map((b) => b.value),
    options.logY ?? false,
    y0,
    y1,
    true,
  );
  const body: string[] = yGrid(y, x0, x1);
  body.push(`<line x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}" stroke="#333"/>`);
  body.push(
    `<text x="16" y="${(y0 + y1) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(y0 + y1) / 2})">${esc(options.yLabel)}</text>`,
  );
  const slot = (x1 - x0) / Math.max(1, options.bars.length);
  options.bars.forEach((b, i) => {
    const color = COLORS[i % COLORS.length] ?? '#000';
    const bx = x0 + i * slot + slot * 0.2;
    const top = y.scale(b.value);
    body.push(
      `<rect x="${bx.toFixed(1)}" y="${top.toFixed(1)}" width="${(slot * 0.6).toFixed(1)}" height="${(y0 - top).toFixed(1)}" fill="${color}"/>`,
    );
    const cx = (bx + slot * 0.3).toFixed(1);
    body.push(
      `<text x="${cx}" y="${(top - 6).toFixed(1)}" text-anchor="middle">${esc(b.text ?? fmt(b.value))}</text>`,
    );
    const lines = b.label.split('\n');
    lines.forEach((line, j) => {
      body.push(`<text x="${cx}" y="${y0 + 16 + j * 14}" text-anchor="middle">${esc(line)}</text>`);
    });
  });
  return frame(width, height, options.title, body);
}
