/**
 * The `callsummary` command: a table of subcommands, one module each. Exit codes: 0 ok, 1 failed, 2 usage.
 * Each subcommand's module is imported when it runs, so `render` and `--help` start without loading
 * Bolt, the cache or the PBX client (`npm run bench -- cli` measures it). `render`, the command run
 * in loops and pipes, is also built as one file with what it uses of its dependencies (`npm run
 * build`'s bundle:render step): loading zod's and htmlparser2's files one by one was most of its start.
 */

/** A subcommand's module: `main` runs it in this process (its arguments, stdin, stdout, stderr, environment). */
interface Subcommand {
  main(argv: readonly string[]): Promise<number>;
}

/** Each subcommand, by the name typed, and how its one module is loaded when it runs. */
const SUBCOMMANDS: ReadonlyMap<string, () => Promise<Subcommand>> = new Map([
  ['serve', () => import('./serve.js')],
  ['demo', () => import('./demo.js')],
  ['get', () => import('./get.js')],
  ['calls', () => import('./calls.js')],
  ['transcript', () => import('./transcript.js')],
  ['render', () => import('./render.js')],
  ['doctor', () => import('./doctor.js')],
]);

const HELP = new Set(['help', '--help', '-h']);

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Help in the terminal's language (LC_ALL, LC_MESSAGES, LANG); loaded only when said, as subcommands are.
  const usage = async () => (await import('./help.js')).helpText();
  if (command === undefined || HELP.has(command)) {
    // Asked-for help goes to stdout; a missing command is a usage error, said on stderr.
    (command === undefined ? process.stderr : process.stdout).write(`${await usage()}\n`);
    return command === undefined ? 2 : 0;
  }
  const load = SUBCOMMANDS.get(command);
  if (load === undefined) {
    const { cliWords } = await import('./words.js');
    const unknown = cliWords().t('cli.unknown_command', { command: command.slice(0, 40) });
    process.stderr.write(`callsummary: ${unknown}\n\n${await usage()}\n`);
    return 2;
  }
  const { main: run } = await load();
  return run(rest);
}
