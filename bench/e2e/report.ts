// The report: a Markdown table (printed, and written to bench/results/e2e.md for `npm run bench`),
// bench/results/e2e-freshness.json, and two SVG charts (bench/charts/svg.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { barChart, lineChart, type Bar, type LineSeries } from '../charts/svg.ts';
import type { SeedRawResult } from './raw-insert.ts';
import type { RowCounts } from './seed.ts';
import type { StageResult } from './stage.ts';
import { sustainedMax } from './stats.ts';

export interface DesignThroughput {
  stages: StageResult[];
  rawInsertPostsPerSecond: number;
}

export interface BenchReport {
  date: string;
  cores: number;
  settings: Record<string, unknown>;
  ours?: DesignThroughput;
  server: ({ measured: true } & DesignThroughput) | { measured: false; reason: string };
  seed?: {
    freshness: StageResult[];
    throughput: StageResult[];
    raw: SeedRawResult;
    lossCheck: RowCounts & { published: number; ok: boolean };
    rollupSeconds: number;
    dailySeconds: number;
    allTimeMeasured: boolean;
  };
}

const s = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');
const int = (v: number) => Math.round(v).toLocaleString('en-US');
const ratio = (a: number, b: number) => {
  const r = a / b;
  if (!Number.isFinite(r) || b <= 0) return '–';
  return `${r >= 10 ? int(r) : r.toFixed(1)}×`;
};
/** pipeline ÷ raw INSERT: a fraction, two decimals. */
const share = (a: number, b: number) => (b > 0 && Number.isFinite(a / b) ? (a / b).toFixed(2) : '–');

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)];
}

function stageRow(r: StageResult, allTimeShown: boolean): string[] {
  const notes = Object.entries(r.notes).map(([k, v]) => `${k} ${typeof v === 'number' ? s(v) : v}`);
  return [
    r.design,
    `${int(r.rate)}${r.kind === 'throughput' ? ' (ramp)' : ''}`,
    r.observedVia,
    `${int(r.measured)} in ${r.seconds} s`,
    `${s(r.hourly.p50)} / ${s(r.hourly.p95)} / ${s(r.hourly.p99)}`,
    allTimeShown ? `${s(r.allTime.p50)} / ${s(r.allTime.p95)} / ${s(r.allTime.p99)}` : 'not waited for',
    r.backlogSlope.toFixed(1),
    r.drainSeconds === null
      ? `> ${r.drainAllowanceSeconds} (${int(r.notVisible)} missing)`
      : r.drainSeconds.toFixed(1),
    r.kind === 'freshness' && r.design.startsWith('seed') ? 'n/a' : r.sustained ? 'yes' : '**no**',
    notes.join(', '),
  ];
}

export function renderMarkdown(report: BenchReport): string {
  const rows: string[][] = [];
  const seed = report.seed;
  for (const r of report.ours?.stages ?? []) rows.push(stageRow(r, true));
  if (report.server.measured) for (const r of report.server.stages) rows.push(stageRow(r, true));
  for (const r of seed?.freshness ?? []) rows.push(stageRow(r, seed?.allTimeMeasured ?? false));
  for (const r of seed?.throughput ?? []) rows.push(stageRow(r, true));
  const lines = [
    '### End-to-end freshness and throughput: ours vs the seed design (`npm run bench:e2e`)',
    '',
    // The load average says what else ran: the figures of a busy machine are not a quiet one's.
    `${report.date.slice(0, 16)} UTC, ${report.cores} cores, load average at the end ` +
      `${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} (1 / 5 / 15 min). ` +
      'Ours is observed through `GET /subreddit/:name` (the stricter path: HTTP, JSON, real-time caggs); ' +
      'the seed by SQL on its rollup tables (freshness) or on its raw tables (throughput: post and score landed).',
    '',
    seed
      ? `Seed: one process for all its roles (as \`npm start\` is for ours), durable queues, persistent messages with ` +
        `publisher confirms, manual acks after the database commit, batches of ${process.env.SEED_BATCH_SIZE ?? 256} ` +
        `(prefetch ${process.env.SEED_PREFETCH ?? 'twice that'}, ${process.env.SEED_BATCH_LINGER_MS ?? 50} ms linger), ` +
        'the same ONNX model and scoring helper, the same Reddit client and fake Reddit; hourly rollup rebuilt ' +
        `incrementally every ${seed.rollupSeconds} s, all-time rebuilt every ${int(seed.dailySeconds)} s.`
      : '',
    '',
    ...table(
      [
        'design',
        'posts/s offered',
        'visible in',
        'measured posts',
        'hourly p50 / p95 / p99 (s)',
        'all-time p50 / p95 / p99 (s)',
        'backlog growth (posts/s)',
        'drain after stop (s)',
        'sustained',
        'notes',
      ],
      rows,
    ),
    '',
  ];
  const ours = report.ours ? sustainedMax(report.ours.stages) : undefined;
  const seedMax = seed ? sustainedMax(seed.throughput) : undefined;
  const tp: string[][] = [];
  if (report.ours && ours)
    tp.push([
      'ours, embedded (ingest → score → caggs)',
      int(ours.max),
      int(report.ours.rawInsertPostsPerSecond),
      share(ours.max, report.ours.rawInsertPostsPerSecond),
    ]);
  if (report.server.measured) {
    const m = sustainedMax(report.server.stages);
    tp.push([
      'ours, server TimescaleDB',
      int(m.max),
      int(report.server.rawInsertPostsPerSecond),
      share(m.max, report.server.rawInsertPostsPerSecond),
    ]);
  } else tp.push(['ours, server TimescaleDB', `not measured (${report.server.reason})`, '–', '–']);
  if (seed && seedMax)
    tp.push([
      'seed, Postgres 15 (poll → RabbitMQ → PG, enrichment → RabbitMQ → PG)',
      int(seedMax.max),
      int(seed.raw.postsPerSecond),
      share(seedMax.max, seed.raw.postsPerSecond),
    ]);
  lines.push(
    ...table(
      ['pipeline', 'sustained posts/s', 'raw batched INSERT on the same engine (posts/s)', 'pipeline / raw'],
      tp,
    ),
    '',
  );

  if (seed) {
    const pairs = seed.freshness.map((sr) => ({
      sr,
      or: report.ours?.stages.find((o) => o.kind === 'freshness' && o.rate === sr.rate),
    }));
    for (const { sr, or } of pairs) {
      const allTime = seed.allTimeMeasured
        ? `all-time p99 ${s(sr.allTime.p99)} s vs ${s(or?.allTime.p99 ?? NaN)} s: **${ratio(sr.allTime.p99, or?.allTime.p99 ?? NaN)}**`
        : `all-time: by schedule up to ${int(seed.dailySeconds / 3600)} h (not waited for) vs ${s(or?.allTime.p99 ?? NaN)} s ` +
          `(up to ${ratio(seed.dailySeconds, or?.allTime.p99 ?? NaN)})`;
      lines.push(
        `- Freshness at ${int(sr.rate)} posts/s, seed ÷ ours: hourly p99 ${s(sr.hourly.p99)} s vs ${s(or?.hourly.p99 ?? NaN)} s: ` +
          `**${ratio(sr.hourly.p99, or?.hourly.p99 ?? NaN)}**; ${allTime}. Seed rollup every ${seed.rollupSeconds} s, all-time every ${int(seed.dailySeconds)} s.`,
      );
    }
    if (ours && seedMax)
      lines.push(
        `- Throughput, ours ÷ seed: ${int(ours.max)} vs ${int(seedMax.max)} posts/s: **${ratio(ours.max, seedMax.max)}**` +
          (seedMax.firstFailure
            ? ` (the seed's lag grew at ${int(seedMax.firstFailure)} posts/s)`
            : ' (the seed ramp found no failing rate)') +
          (ours.firstFailure ? `; ours' lag grew at ${int(ours.firstFailure)} posts/s.` : '.'),
      );
    const lc = seed.lossCheck;
    // One hour of rows per run (two just after an hour boundary, which halves the bound then).
    const rollupBound = (seed.raw.hourlyRollupRowsPerSecond * seed.rollupSeconds) / 3600;
    lines.push(
      `- Seed loss check after its freshness stage: published ${int(lc.published)}, seed_posts ${int(lc.posts)} (${int(lc.distinct_posts)} distinct), ` +
        `seed_scores ${int(lc.scores)}, hourly rollup sum ${int(lc.hourly_sum)}: ${lc.ok ? 'nothing lost' : '**MISMATCH: figures not to be trusted**'}.`,
      `- Seed rollups over ${int(Number(report.settings.rawPosts))} scores in one hour (after its raw INSERT): hourly ${s(seed.raw.hourlyRollupSeconds)} s, ` +
        `all-time ${s(seed.raw.allTimeRollupSeconds)} s; one hourly run over a full hour would fit in ${seed.rollupSeconds} s ` +
        `up to ~${int(rollupBound)} posts/s` +
        (seedMax && rollupBound > seedMax.max
          ? ', so the rollup is not what limits the seed here.'
          : ': the rollup limits the seed.'),
    );
  }
  return `${lines.join('\n')}\n`;
}

export interface Ratios {
  /** Per seed freshness rate: seed p99 ÷ ours p99 at the same rate (hourly; all-time when measured). */
  freshness: { rate: number; hourlyP99SeedOverOurs: number; allTimeP99SeedOverOurs: number | string }[];
  throughputOursOverSeed: number;
  oursOverRawEmbedded: number;
  seedOverRawPg15: number;
}

export function ratios(report: BenchReport): Ratios | undefined {
  const { ours, seed } = report;
  if (!ours || !seed) return undefined;
  const oursMax = sustainedMax(ours.stages).max;
  const seedMax = sustainedMax(seed.throughput).max;
  return {
    freshness: seed.freshness.map((sr) => {
      const or = ours.stages.find((o) => o.kind === 'freshness' && o.rate === sr.rate);
      return {
        rate: sr.rate,
        hourlyP99SeedOverOurs: sr.hourly.p99 / (or?.hourly.p99 ?? NaN),
        allTimeP99SeedOverOurs: seed.allTimeMeasured
          ? sr.allTime.p99 / (or?.allTime.p99 ?? NaN)
          : `by schedule: up to ${seed.dailySeconds / 3600} h (not waited for)`,
      };
    }),
    throughputOursOverSeed: oursMax / seedMax,
    oursOverRawEmbedded: oursMax / ours.rawInsertPostsPerSecond,
    seedOverRawPg15: seedMax / seed.raw.postsPerSecond,
  };
}

const finite = (points: [number, number][]) => points.filter(([, y]) => Number.isFinite(y) && y > 0);

export function writeReport(dir: string, report: BenchReport, markdown: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'e2e.md'), markdown);
  fs.writeFileSync(
    path.join(dir, 'e2e-freshness.json'),
    `${JSON.stringify({ ...report, ratios: ratios(report) ?? null }, null, 2)}\n`,
  );

  const byRate = (list: readonly StageResult[]) => list.toSorted((a, b) => a.rate - b.rate);
  const ours = byRate(report.ours?.stages ?? []);
  const seedF = byRate(report.seed?.freshness ?? []);
  const seedT = byRate(report.seed?.throughput ?? []);
  const series: LineSeries[] = [
    { name: 'ours all-time p99', points: finite(ours.map((r) => [r.rate, r.allTime.p99])) },
    { name: 'ours all-time p50', points: finite(ours.map((r) => [r.rate, r.allTime.p50])) },
    { name: 'seed hourly p99', points: finite(seedF.map((r) => [r.rate, r.hourly.p99])) },
    { name: 'seed hourly p50', points: finite(seedF.map((r) => [r.rate, r.hourly.p50])) },
    { name: 'seed landed p99', points: finite(seedT.map((r) => [r.rate, r.allTime.p99])) },
  ];
  if (report.server.measured) {
    series.push({
      name: 'ours server p99',
      points: finite(byRate(report.server.stages).map((r) => [r.rate, r.allTime.p99])),
    });
  }
  const rates = [...ours, ...seedF, ...seedT].map((r) => r.rate);
  series.push({
    name: 'goal p99 ≤ 2 s',
    dashed: true,
    points: [
      [Math.min(...rates), 2],
      [Math.max(...rates), 2],
    ],
  });
  fs.writeFileSync(
    path.join(dir, 'e2e-latency-vs-rate.svg'),
    lineChart({
      title: 'Freshness: publish → counted (ours: API; seed: rollup tables)',
      xLabel: 'posts/s offered (log scale)',
      yLabel: 'latency (s, log scale)',
      logX: true,
      logY: true,
      width: 820,
      series: series.filter((x) => x.points.length > 0),
    }),
  );

  const bars: Bar[] = [];
  if (report.ours) {
    const m = sustainedMax(report.ours.stages).max;
    bars.push({ label: 'ours\nembedded', value: m, text: int(m) });
    bars.push({
      label: 'raw INSERT\nembedded',
      value: report.ours.rawInsertPostsPerSecond,
      text: int(report.ours.rawInsertPostsPerSecond),
    });
  }
  if (report.server.measured) {
    const m = sustainedMax(report.server.stages).max;
    bars.push({ label: 'ours server\nTimescaleDB', value: m, text: int(m) });
    bars.push({
      label: 'raw INSERT\nTimescaleDB',
      value: report.server.rawInsertPostsPerSecond,
      text: int(report.server.rawInsertPostsPerSecond),
    });
  } else if (report.ours) {
    bars.push({ label: 'ours server\nTimescaleDB', value: 0, text: 'not measured' });
  }
  if (report.seed) {
    const m = sustainedMax(report.seed.throughput).max;
    bars.push({ label: 'seed\nPG15 + RabbitMQ', value: m, text: int(m) });
    bars.push({
      label: 'raw INSERT\nPG15',
      value: report.seed.raw.postsPerSecond,
      text: int(report.seed.raw.postsPerSecond),
    });
  }
  fs.writeFileSync(
    path.join(dir, 'e2e-throughput.svg'),
    barChart({
      title: `Throughput per engine (posts/s, ${os.cpus().length} cores)`,
      yLabel: 'posts/s (log scale)',
      logY: true,
      width: 140 * Math.max(4, bars.length),
      bars,
    }),
  );
}
