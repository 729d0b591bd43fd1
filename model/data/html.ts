// Reddit escapes &, < and > as entities unless asked for raw_json=1; older dumps also carry numeric
// entities. Training and scoring must see the same text whichever way a post arrived.
const named: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

const entityPattern = /&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi;

export function htmlUnescape(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(entityPattern, (whole, body: string) => {
    if (body.startsWith('#')) {
      const isHex = body[1] === 'x' || body[1] === 'X';
      const codePoint = Number.parseInt(body.slice(isHex ? 2 : 1), isHex ? 16 : 10);
      return Number.isFinite(codePoint) && codePoint > 0 && codePoint <= 0x10ffff
        ? String.fromCodePoint(codePoint)
        : whole;
    }
    return named[body.toLowerCase()] ?? whole;
  });
}
