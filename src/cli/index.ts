/**
 * The `callsummary` command: dispatches to one module per subcommand. Exit codes: 0 ok, 1 failed, 2 usage.
 * Each subcommand's module is imported when it runs, so `render` and `--help` start without loading
 * Bolt, the cache or the PBX client (`npm run bench -- cli` measures it). `render`, the command run
 * in loops and pipes, is also built as one file with what it uses of its dependencies (`npm run
 * build`'s bundle:render step): loading zod's and htmlparser2's files one by one was most of its start.
 */
export const USAGE = `callsummary — Yeastar AI call summaries in Slack

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

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      // Asked-for help goes to stdout; a missing command is a usage error, said on stderr.
      (command === undefined ? process.stderr : process.stdout).write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    case 'get': {
      const [{ runGet }, { readEnvironment }] = await Promise.all([
        import('./get.js'),
        import('../compose/config.js'),
      ]);
      return runGet(rest, {
        env: () => readEnvironment(),
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
      });
    }
    case 'calls': {
      const [{ runCalls }, { readEnvironment }] = await Promise.all([
        import('./calls.js'),
        import('../compose/config.js'),
      ]);
      return runCalls(rest, {
        env: () => readEnvironment(),
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
      });
    }
    case 'transcript': {
      const [{ runTranscript }, { readEnvironment }] = await Promise.all([
        import('./transcript.js'),
        import('../compose/config.js'),
      ]);
      return runTranscript(rest, {
        env: () => readEnvironment(),
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
      });
    }
    case 'serve': {
      const { processServeIo, runServe } = await import('./serve.js');
      return runServe(processServeIo());
    }
    case 'demo': {
      const [{ processServeIo }, { runDemo }] = await Promise.all([
        import('./serve.js'),
        import('../demo/index.js'),
      ]);
      const io = processServeIo();
      return runDemo(rest, {
        env: io.env,
        stdout: (text) => process.stdout.write(text),
        stderr: io.stderr,
        stopSignal: io.stopSignal,
      });
    }
    case 'doctor': {
      const [{ runDoctor }, { readEnvironment }] = await Promise.all([
        import('./doctor.js'),
        import('../compose/config.js'),
      ]);
      return runDoctor({ env: () => readEnvironment(), stdout: (text) => process.stdout.write(text) });
    }
    case 'render': {
      const { runRender } = await import('./render.js');
      return runRender(rest, {
        stdin: process.stdin,
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
      });
    }
    default:
      process.stderr.write(`callsummary: unknown command "${command}"\n\n${USAGE}\n`);
      return 2;
  }
}
