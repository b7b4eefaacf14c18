import { processServeIo, runServe } from './cli/serve.js';

/** Entry for `node dist/src/main.js`: the bot alone (`callsummary serve` is the usual entry). */
// Exit explicitly: idle keep-alive sockets or a Redis reconnect timer must not keep a stopped bot alive.
process.exit(await runServe(processServeIo()));
