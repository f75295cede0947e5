import { Command } from 'commander';
import { registerBenchCommands } from './commands/bench.command.js';
import { registerClientCommands } from './commands/client.command.js';
import { registerEvalCommand } from './commands/eval.command.js';
import { registerFeedbackCommands } from './commands/feedback.command.js';
import { registerIndexCommands } from './commands/index.command.js';
import { registerIngestCommands } from './commands/ingest.command.js';
import { registerModelCommands } from './commands/model.command.js';
import { registerSearchCommand } from './commands/search.command.js';
import { registerServiceCommands } from './commands/serve.command.js';
import { registerShellCommand } from './commands/shell.command.js';

/** The memesearch CLI: the composition root of every command-line process. */
const program = new Command('memesearch')
  .description('Semantic search for Russian memes: describe a situation, get the memes that fit.')
  .showHelpAfterError()
  .configureOutput({ outputError: (str, write) => write(str) })
  // Usage errors (unknown option, bad value, missing argument) exit 2 like other user mistakes.
  // Set before the commands are added: subcommands copy it when created.
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

registerModelCommands(program);
registerIndexCommands(program);
registerIngestCommands(program);
registerSearchCommand(program);
registerEvalCommand(program);
registerShellCommand(program);
registerServiceCommands(program);
registerClientCommands(program);
registerFeedbackCommands(program);
registerBenchCommands(program);

await program.parseAsync(process.argv);
