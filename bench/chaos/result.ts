// One scenario's outcome, as the tests assert it and as bench:chaos tabulates it.
import type { InvariantReport } from '../../test/pipeline-invariant.ts';

export interface ScenarioResult {
  scenario: string;
  /** The seed of the scenario's PRNG: rerun with CHAOS_SEED=<seed> to replay it. */
  seed: number;
  rounds: number;
  published: number;
  stored: number;
  duplicates: number;
  missing: number;
  deadLetteredPosts: number;
  unscored: number;
  /** Requests the fake Reddit refused because the rate budget was spent (must be 0). */
  overBudget: number;
  durationMs: number;
  /** What happened per round (the kill moment, the fault storm…), for the log and the JSON. */
  roundNotes: string[];
  /** Invariant violations and scenario-specific failures; empty = passed. */
  problems: string[];
  invariant: InvariantReport | null;
  /** Set when the scenario could not run here (no TimescaleDB): why. */
  skipped?: string;
}

export function passed(result: ScenarioResult): boolean {
  return result.problems.length === 0;
}

export function scenarioResult(fields: {
  scenario: string;
  seed: number;
  rounds: number;
  report: InvariantReport | null;
  overBudget: number;
  durationMs: number;
  roundNotes: string[];
  problems: string[];
}): ScenarioResult {
  const r = fields.report;
  const problems = [...fields.problems, ...(r?.problems ?? [])];
  if (fields.overBudget > 0) problems.push(`${fields.overBudget} requests past the rate budget`);
  if (!r) problems.push('the invariant could not be checked');
  return {
    scenario: fields.scenario,
    seed: fields.seed,
    rounds: fields.rounds,
    published: r?.published ?? 0,
    stored: r?.stored ?? 0,
    duplicates: r?.duplicates ?? 0,
    missing: r?.missing ?? 0,
    deadLetteredPosts: r?.deadLetteredPosts ?? 0,
    unscored: r?.unscored ?? 0,
    overBudget: fields.overBudget,
    durationMs: fields.durationMs,
    roundNotes: fields.roundNotes,
    problems,
    invariant: r,
  };
}

/** A row for a scenario that could not run here, with the reason. */
export function skippedResult(scenario: string, seed: number, reason: string): ScenarioResult {
  return {
    ...scenarioResult({
      scenario,
      seed,
      rounds: 0,
      report: null,
      overBudget: 0,
      durationMs: 0,
      roundNotes: [],
      problems: [],
    }),
    problems: [],
    skipped: reason,
  };
}

const COLUMNS = [
  'scenario',
  'rounds',
  'published',
  'stored',
  'duplicates',
  'missing',
  'dead-lettered',
  'unscored',
  'over-budget requests',
  'result',
] as const;

/** The summary table (Markdown), one row per scenario. */
export function summaryTable(results: readonly ScenarioResult[]): string {
  const rows = results.map((r) => [
    r.scenario,
    String(r.rounds),
    String(r.published),
    String(r.stored),
    String(r.duplicates),
    String(r.missing),
    String(r.deadLetteredPosts),
    String(r.unscored),
    String(r.overBudget),
    r.skipped ? `skipped: ${r.skipped}` : passed(r) ? 'pass' : `FAIL: ${r.problems.join('; ')}`,
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 || i === widths.length - 1 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(COLUMNS), rule, ...rows.map(line)].join('\n');
}
