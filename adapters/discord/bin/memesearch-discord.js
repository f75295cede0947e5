#!/usr/bin/env node
// Thin launcher: the bot is compiled to dist/ by `npm run build` (scripts/setup.sh runs it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('memesearch-discord is not built yet. Run `npm run setup` from the repository root first.');
  process.exit(1);
}
await import(entry.href);
