import type { Command } from 'commander';
import { addIngestCleanCommand } from './ingest-clean.command.js';
import { addIngestFileCommand } from './ingest-file.command.js';
import { addIngestMemepediaCommand } from './ingest-memepedia.command.js';

/** `memesearch ingest …`: build corpus files (JSONL of memes) from memepedia.ru or any file. */
export function registerIngestCommands(program: Command): void {
  const ingest = program.command('ingest').description('build a corpus file (JSONL of memes) from memepedia.ru or any collection');
  addIngestMemepediaCommand(ingest);
  addIngestFileCommand(ingest);
  addIngestCleanCommand(ingest);
}
