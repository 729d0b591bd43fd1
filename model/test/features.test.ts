import { describe, expect, it } from 'vitest';
import { htmlUnescape } from '../data/html.ts';
import {
  baselineFeaturizerSettings,
  charNgrams,
  defaultFeaturizerSettings,
  featurize,
  featurizeNamed,
  normalizeText,
  tokenize,
} from '../features/featurize.ts';
import { fnv1a32 } from '../features/hash.ts';

describe('htmlUnescape', () => {
  it.each([
    ['Q&amp;A', 'Q&A'],
    ['&lt;3 &gt;_&lt;', '<3 >_<'],
    ['&quot;hi&quot; &#39;there&#39;', `"hi" 'there'`],
    ['&#x1F602;', '😂'],
    ['AT&T and &unknown; stay', 'AT&T and &unknown; stay'],
    ['&amp;amp;', '&amp;'], // one level per call, like a browser
  ])('%s → %s', (input, expected) => {
    expect(htmlUnescape(input)).toBe(expected);
  });
});

describe('tokenize', () => {
  it.each([
    ['Why is the sky BLUE?', ['why', 'is', 'the', 'sky', 'blue', '?']],
    ['Don’t panic!!', ["don't", 'panic', '!', '!']],
    ['In 2019 I paid $2,400', ['in', '#4', 'i', 'paid', '#1', '#3']],
    ['see https://example.com/a?b=1 and www.x.org/y', ['see', 'and']],
    ['[link](http://imgur.com/x) lol 😂', ['link', 'lol', '😂']],
    ['Q&amp;A &lt;3', ['q', 'a', '#1']],
    ['Ｆｕｌｌｗｉｄｔｈ café', ['fullwidth', 'café']],
    ['', []],
  ])('%j', (text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it('normalises curly apostrophes and case', () => {
    expect(normalizeText('It’s OK')).toBe("it's ok");
  });
});

describe('charNgrams', () => {
  it.each([
    ['cat', 3, 3, ['<ca', 'cat', 'at>']],
    ['cat', 3, 5, ['<ca', 'cat', 'at>', '<cat', 'cat>', '<cat>']],
    ['a', 3, 4, ['<a>']],
  ])('%s n=%i..%i', (word, min, max, expected) => {
    expect(charNgrams(word, min, max)).toEqual(expected);
  });
});

describe('fnv1a32', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('%j', (text, expected) => {
    expect(fnv1a32(text)).toBe(expected);
  });
});

describe('featurize', () => {
  const post = { title: 'Why is the sky blue?', selftext: 'Rayleigh scattering', isSelf: true, domain: null };

  it('emits title and body features in separate namespaces, with meta features', () => {
    const names = featurizeNamed(post, defaultFeaturizerSettings).map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'tw:why',
        'tw2:why is',
        'tw2:blue ?',
        'tc:<wh',
        'tc:sky>',
        'bw:rayleigh',
        'bw2:rayleigh scattering',
        'bc:<ray',
        'm:self',
        'm:title_question',
        'm:title_len:3',
        'm:body_len:2',
      ]),
    );
    expect(names.some((n) => n.startsWith('m:domain'))).toBe(false);
  });

  it('gives each feature group unit L2 norm', () => {
    const byGroup = new Map<string, number>();
    for (const { name, value } of featurizeNamed(post, defaultFeaturizerSettings)) {
      const group = name.split(':')[0] ?? '';
      if (group === 'm') continue;
      byGroup.set(group, (byGroup.get(group) ?? 0) + value * value);
    }
    for (const [, sumSquares] of byGroup) expect(sumSquares).toBeCloseTo(1, 5);
  });

  it.each([
    [
      { title: 'x', selftext: '', isSelf: false, domain: 'i.redd.it' },
      ['m:link', 'm:domain:i.redd.it', 'm:body_empty'],
    ],
    [{ title: 'x', selftext: null }, []],
    [{ title: 'LOOK AT THIS HUGE DOG', selftext: 'see https://x.y/z' }, ['m:title_shouting', 'm:body_url']],
  ])('meta features of %j', (input, expected) => {
    const meta = featurizeNamed(input, defaultFeaturizerSettings)
      .map((f) => f.name)
      .filter((n) => n.startsWith('m:') && !n.startsWith('m:title_len') && !n.startsWith('m:body_len'));
    expect(meta.sort()).toEqual([...expected].sort());
  });

  it('baseline settings give one bag of word uni+bigrams and nothing else', () => {
    const names = featurizeNamed(post, baselineFeaturizerSettings).map((f) => f.name);
    expect(names.every((n) => /^w2?:/.test(n))).toBe(true);
    expect(names).toEqual(expect.arrayContaining(['w:why', 'w2:? rayleigh', 'w:scattering']));
  });

  it('hashes names into the table, sorted and merged, identically every time', () => {
    const a = featurize(post, defaultFeaturizerSettings);
    const b = featurize({ ...post }, defaultFeaturizerSettings);
    expect(Array.from(a.ids)).toEqual(Array.from(b.ids));
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(Array.from(a.ids)).toEqual([...a.ids].sort((x, y) => x - y));
    expect(new Set(a.ids).size).toBe(a.ids.length);
    expect(Math.max(...a.ids)).toBeLessThan(2 ** defaultFeaturizerSettings.hashBits);
  });

  it('ignores body text past maxBodyChars', () => {
    const long = { title: 't', selftext: `${'word '.repeat(500)}tailword` };
    const names = featurizeNamed(long, defaultFeaturizerSettings).map((f) => f.name);
    expect(names).not.toContain('bw:tailword');
  });
});
