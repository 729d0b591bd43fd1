// THE tokeniser and featuriser: training, the TypeScript reference scorer, the ONNX input
// preparation and `explain` all call this module, so a post becomes the same features everywhere.
//
// A post becomes a sparse vector of hashed feature ids with values. Features are grouped (title
// words, title bigrams, body char n-grams, …); inside a group each distinct feature gets
// 1/sqrt(group size), so a long body cannot drown the title and every group has unit L2 norm.
import { htmlUnescape } from '../data/html.ts';
import type { PostInput } from '../data/post.ts';
import { fnv1a32 } from './hash.ts';

export interface FeaturizerSettings {
  /** Bump when the meaning of a setting or a feature name changes (stored in the model file). */
  featurizerVersion: 1;
  /** Feature space = 2^hashBits rows of the weight table. */
  hashBits: number;
  /** 'separate': title and body features are distinct (`t:` / `b:`); 'merged': one bag of words. */
  fields: 'separate' | 'merged';
  /** Word n-grams up to this order (1 = unigrams, 2 = + bigrams). */
  wordNgramMax: number;
  /** fastText-style character n-grams of each word padded as `<word>`; null = none. */
  charNgrams: { min: number; max: number } | null;
  /** Body text beyond this many characters is ignored (top posts can be essays). */
  maxBodyChars: number;
  /** Char n-grams only over the first this many body characters (they are the costly group). */
  maxBodyCharNgramChars: number;
  /** Link/self, domain, length buckets, caps, question mark, URLs. */
  metaFeatures: boolean;
}

export const defaultFeaturizerSettings = {
  featurizerVersion: 1,
  // 2^18 float32 weights = 1 MB; 2^19 and 2^20 scored the same on held-out communities.
  hashBits: 18,
  fields: 'separate',
  wordNgramMax: 2,
  charNgrams: { min: 3, max: 5 },
  maxBodyChars: 2000,
  maxBodyCharNgramChars: 600,
  metaFeatures: true,
} as const satisfies FeaturizerSettings;

/** The baseline: hashed word uni+bigrams over title + body, nothing else. */
export const baselineFeaturizerSettings = {
  featurizerVersion: 1,
  hashBits: 18,
  fields: 'merged',
  wordNgramMax: 2,
  charNgrams: null,
  maxBodyChars: 2000,
  maxBodyCharNgramChars: 0,
  metaFeatures: false,
} as const satisfies FeaturizerSettings;

export interface SparseFeatures {
  /** Distinct hashed ids, ascending. */
  ids: Int32Array;
  values: Float32Array;
}

export interface NamedFeature {
  name: string;
  id: number;
  value: number;
}

const urlPattern = /\bhttps?:\/\/[^\s)\]]+|\bwww\.[^\s)\]]+/gi;
const tokenPattern = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*|[?!]|\p{Extended_Pictographic}/gu;
const digitsOnly = /^\p{N}+$/u;
const hasLetter = /\p{L}/u;
const maxWordLengthForCharNgrams = 24;

/** Text as the tokeniser sees it: entities decoded, Unicode-normalised, lower case, curly quotes straight. */
export function normalizeText(text: string): string {
  return htmlUnescape(text)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'");
}

/**
 * Word tokens. Numbers keep only their length (`#4` for a year) so that "2019" and "2024" share
 * a feature; `?` and `!` are tokens; URLs are removed here (counted as a meta feature instead).
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of normalizeText(text).replace(urlPattern, ' ').matchAll(tokenPattern)) {
    const token = match[0];
    tokens.push(digitsOnly.test(token) ? `#${Math.min(token.length, 9)}` : token);
  }
  return tokens;
}

/** fastText-style: n-grams of `<word>`, so prefixes and suffixes are their own features. */
export function charNgrams(word: string, min: number, max: number): string[] {
  const padded = `<${word}>`;
  const grams: string[] = [];
  for (let n = min; n <= max; n++) {
    for (let start = 0; start + n <= padded.length; start++) grams.push(padded.slice(start, start + n));
  }
  return grams;
}

function lengthBucket(count: number): number {
  // 0, 1, 2–3, 4–7, 8–15, … : a log scale, capped.
  return count === 0 ? 0 : Math.min(1 + Math.floor(Math.log2(count)), 10);
}

/** One feature group: a name prefix (`tw:`, `bc:`, `m:` …) and the n-grams after it. */
type Emit = (prefix: string, grams: readonly string[]) => void;

function emitTextFeatures(
  field: string,
  text: string,
  charNgramChars: number,
  settings: FeaturizerSettings,
  emit: Emit,
): number {
  const tokens = tokenize(text);
  emit(`${field}w:`, tokens);
  for (let order = 2; order <= settings.wordNgramMax; order++) {
    const grams: string[] = [];
    for (let i = 0; i + order <= tokens.length; i++) grams.push(tokens.slice(i, i + order).join(' '));
    emit(`${field}w${order}:`, grams);
  }
  if (settings.charNgrams !== null && charNgramChars > 0) {
    const { min, max } = settings.charNgrams;
    const grams: string[] = [];
    const words = charNgramChars >= text.length ? tokens : tokenize(text.slice(0, charNgramChars));
    for (const word of words) {
      if (word.length > maxWordLengthForCharNgrams || !hasLetter.test(word)) continue;
      for (const gram of charNgrams(word, min, max)) grams.push(gram);
    }
    emit(`${field}c:`, grams);
  }
  return tokens.length;
}

function emitMetaFeatures(post: PostInput, titleTokens: number, bodyTokens: number | null, emit: Emit): void {
  const names: string[] = [];
  if (post.isSelf === true) names.push('self');
  if (post.isSelf === false) names.push('link');
  if (post.domain != null && post.domain !== '') names.push(`domain:${post.domain.toLowerCase()}`);
  names.push(`title_len:${lengthBucket(titleTokens)}`);
  if (bodyTokens !== null)
    names.push(bodyTokens === 0 ? 'body_empty' : `body_len:${lengthBucket(bodyTokens)}`);
  const title = htmlUnescape(post.title).trim();
  if (title.endsWith('?')) names.push('title_question');
  const letters = title.replace(/[^\p{L}]/gu, '');
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  if (letters.length >= 8 && upper / letters.length > 0.6) names.push('title_shouting');
  if (post.selftext != null && urlPattern.test(post.selftext)) names.push('body_url');
  urlPattern.lastIndex = 0;
  // Meta features are independent facts, each worth 1 (not normalised against each other).
  for (const name of names) emit('m:', [name]);
}

/** Calls `emit(prefix, grams)` for every feature group of the post; the single source of features. */
function emitFeatures(post: PostInput, settings: FeaturizerSettings, emit: Emit): void {
  const body = post.selftext == null ? null : post.selftext.slice(0, settings.maxBodyChars);
  if (settings.fields === 'merged') {
    const text = body === null || body === '' ? post.title : `${post.title}\n${body}`;
    emitTextFeatures('', text, settings.maxBodyCharNgramChars, settings, emit);
    return;
  }
  const titleTokens = emitTextFeatures('t', post.title, post.title.length, settings, emit);
  const bodyTokens =
    body === null ? null : emitTextFeatures('b', body, settings.maxBodyCharNgramChars, settings, emit);
  if (settings.metaFeatures) emitMetaFeatures(post, titleTokens, bodyTokens, emit);
}

/** Each distinct n-gram of a group, with the group's weight 1/sqrt(distinct n-grams). */
function forEachWeightedFeature(
  post: PostInput,
  settings: FeaturizerSettings,
  visit: (prefix: string, gram: string, value: number) => void,
): void {
  emitFeatures(post, settings, (prefix, grams) => {
    const distinct = new Set(grams);
    if (distinct.size === 0) return;
    const value = 1 / Math.sqrt(distinct.size);
    for (const gram of distinct) visit(prefix, gram, value);
  });
}

export function featureId(name: string, hashBits: number): number {
  return fnv1a32(name) & ((1 << hashBits) - 1);
}

// Scratch accumulator per hash size, reused across calls (featurize is synchronous, so no call can
// interleave with another): a dense array indexed by id is much faster than a Map per post.
const scratchByBits = new Map<number, { sums: Float64Array; touched: Int32Array }>();

function scratchFor(hashBits: number) {
  let scratch = scratchByBits.get(hashBits);
  if (scratch === undefined) {
    scratch = { sums: new Float64Array(2 ** hashBits), touched: new Int32Array(1024) };
    scratchByBits.set(hashBits, scratch);
  }
  return scratch;
}

/** Hashed sparse features; colliding names add up. */
export function featurize(post: PostInput, settings: FeaturizerSettings): SparseFeatures {
  const scratch = scratchFor(settings.hashBits);
  const mask = (1 << settings.hashBits) - 1;
  let count = 0;
  let lastPrefix = '';
  let prefixState = fnv1a32('');
  forEachWeightedFeature(post, settings, (prefix, gram, value) => {
    if (prefix !== lastPrefix) {
      lastPrefix = prefix;
      prefixState = fnv1a32(prefix);
    }
    const id = fnv1a32(gram, prefixState) & mask;
    if (scratch.sums[id] === 0) {
      if (count === scratch.touched.length) {
        const grown = new Int32Array(count * 2);
        grown.set(scratch.touched);
        scratch.touched = grown;
      }
      scratch.touched[count++] = id;
    }
    scratch.sums[id] = (scratch.sums[id] ?? 0) + value;
  });
  const ids = scratch.touched.slice(0, count).sort();
  const values = new Float32Array(count);
  ids.forEach((id, i) => {
    values[i] = scratch.sums[id] ?? 0;
    scratch.sums[id] = 0;
  });
  return { ids, values };
}

/** The same features with their names, for explanations and tests. */
export function featurizeNamed(post: PostInput, settings: FeaturizerSettings): NamedFeature[] {
  const out: NamedFeature[] = [];
  forEachWeightedFeature(post, settings, (prefix, gram, value) => {
    const name = prefix + gram;
    out.push({ name, id: featureId(name, settings.hashBits), value: Math.fround(value) });
  });
  return out;
}
