/**
 * The `callsummary` command: a table of subcommands, one module each. Exit codes: 0 ok, 1 failed, 2 usage.
 * Each subcommand's module is imported when it runs, so `render` and `--help` start without loading
 * Bolt, the cache or the PBX client (`npm run bench -- cli` measures it). `render`, the command run
 * in loops and pipes, is also built as one file with what it uses of its dependencies (`npm run
 * build`'s bundle:render step): loading zod's and htmlparser2's files one by one was most of its start.
 */
const USAGE = `callsummary — Yeastar AI call summaries in Slack

Usage:
  callsummary serve                                   run the Slack bot (npm start; the demo when nothing is configured)
  callsummary demo [--port N]                         the bot against a local Slack page and the PBX simulator
  callsummary get <leg-id> [caller|callee] [--ext <number>] [--format text|json|blocks] [--refresh]
  callsummary calls <number|extension|--user U…> [--days N] [--format text|json|blocks]
                                                      the calls of an outside number, an extension or a Slack member
  callsummary transcript <leg-id> [--format text|json]
                                                      a call's conversation: speaker, time into the call, text
  callsummary render [file|-] [--surface message|modal]
  callsummary doctor                                  check configuration, PBX and Slack
  callsummary help

Exit status: 0 success, 1 the work failed, 2 usage.`;

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
  if (command === undefined || HELP.has(command)) {
    // Asked-for help goes to stdout; a missing command is a usage error, said on stderr.
    (command === undefined ? process.stderr : process.stdout).write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  const load = SUBCOMMANDS.get(command);
  if (load === undefined) {
    process.stderr.write(`callsummary: unknown command "${command.slice(0, 40)}"\n\n${USAGE}\n`);
    return 2;
  }
  const { main: run } = await load();
  return run(rest);
}
