// SvelteKit 3 keeps its configuration in the plugin call. Built with the Node adapter so that
// ui/server.ts can mount the handler in the all-in-one process (`npm start`).
//
// Generated files (Kit's .svelte-kit and the build) go under node_modules/.cache: outside git and
// the root prettier/eslint runs without touching their configs, and a fresh `npm ci` starts from
// a fresh build (ui/build.ts rebuilds when the output is missing or older than ui/src).
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter({ out: '../node_modules/.cache/reddit-seriousness-ui/build', precompress: false }),
      outDir: '../node_modules/.cache/reddit-seriousness-ui/kit',
    }),
  ],
  // Svelte component libraries must go through the Svelte compiler for SSR. vite-plugin-svelte
  // finds them from ./package.json's dependencies, which ui/package.json does not list (they are
  // in the root one), so dev SSR needs telling; the build bundles everything anyway.
  ssr: { noExternal: ['layercake'] },
});
