// 32-bit FNV-1a over UTF-16 code units: tiny, fast in JS, and identical on every platform, which is
// all feature hashing needs (it is not a security boundary).
// `fnv1a32(b, fnv1a32(a)) === fnv1a32(a + b)`: a feature's prefix is hashed once per group and
// each n-gram continues from it, without building the prefixed string.
export function fnv1a32(text: string, state = 0x811c9dc5): number {
  let hash = state;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
