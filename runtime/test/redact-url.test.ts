import { describe, expect, it } from 'vitest';
import { redactUrl } from '../redact-url.ts';

describe('redactUrl', () => {
  it.each([
    ['postgres://app:s3cret@db:5432/seriousness', 'postgres://app:***@db:5432/seriousness'],
    ['postgres://app:p%40ss@w:rd@db/seriousness', 'postgres://app:***@db/seriousness'],
    ['postgres://app:pa%2Fss@db/x?sslmode=require', 'postgres://app:***@db/x?sslmode=require'],
    ['postgres://db:5432/seriousness', 'postgres://db:5432/seriousness'],
    ['postgres://app@db/seriousness', 'postgres://app@db/seriousness'],
  ])('prints %s as %s', (url, printed) => {
    expect(redactUrl(url)).toBe(printed);
    expect(redactUrl(url)).not.toMatch(/s3cret|p%40ss|w:rd|pa%2Fss/);
  });

  it('says so instead of printing something that is not a URL', () => {
    expect(redactUrl('app:secret@db')).toBe('(a DATABASE_URL that is not a URL)');
  });
});
