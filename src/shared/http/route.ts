import type { IncomingMessage, ServerResponse } from 'node:http';

/** An HTTP route on the bot's server; the handler gets the untouched request (raw body). */
export interface Route {
  readonly path: string;
  readonly method: string | string[];
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
}
