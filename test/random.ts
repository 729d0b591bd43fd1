// The one seeded PRNG (mulberry32) of the repo lives with the model's training code; tests use the
// same one so that a randomised test is reproducible from its seed.
export { seededRandom } from '../model/train/random.ts';
