import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResponseContext } from './interactions.js';
import { attachSocketMode, type FakeSocketMode } from './socket-mode.js';
import {
  createLocalSlackApi,
  type InjectedError,
  type LocalSlackApiOptions,
  type RecordedCall,
} from './web-api.js';
import type { Workspace } from './workspace.js';

/**
 * The local Slack as a server of its own on loopback, for tests and benchmarks: the Web API at
 * `/api/`, response_urls at `/response/<id>`, Socket Mode at `/link/`. The demo mounts the same
 * handler on the bot's port instead (src/demo). Compiled into dist for the bench: nothing from vitest.
 */

export interface FakeSlackApi {
  /** SLACK_API_URL for the app, ending in `/api/`. */
  readonly apiUrl: string;
  /** A fresh response_url (live for 5 uses in 30 minutes). */
  responseUrl(id?: string, context?: ResponseContext): string;
  /** A fresh trigger_id, as Slack puts in an interaction payload (one use, 3 seconds). */
  triggerId(user?: string): string;
  readonly calls: RecordedCall[];
  readonly violations: { readonly method: string; readonly problems: string[] }[];
  callsTo(method: string): RecordedCall[];
  /** The next call(s) to `method` fail with this Slack error. */
  inject(method: string, error: InjectedError): void;
  /** Makes a response_url dead, as Slack's are after 30 minutes: every later POST to it answers 404. */
  expireResponseUrl(id: string): void;
  /** Resolves once `count` calls to `method` have been recorded. */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /** What the workspace now holds: messages, views. */
  readonly workspace: Workspace;
  readonly socketMode: FakeSocketMode;
  close(): Promise<void>;
}

export type FakeSlackOptions = Omit<LocalSlackApiOptions, 'socketUrl'>;

export async function startFakeSlackApi(options: FakeSlackOptions = {}): Promise<FakeSlackApi> {
  let base = '';
  let responseSeq = 0;
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://local').pathname;
    api.handle(req, res, pathname).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const socketMode = attachSocketMode(server);
  const api = createLocalSlackApi({ ...options, socketUrl: () => socketMode.issueUrl(base) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl(id, context) {
      const name = id ?? `r${++responseSeq}`;
      api.mintResponseUrl(name, context);
      return `${base}/response/${name}`;
    },
    triggerId: (user) => api.interactions.mintTrigger(user),
    calls: api.calls,
    violations: api.violations,
    callsTo: api.callsTo,
    inject: api.inject,
    expireResponseUrl: (id) => api.interactions.expireResponseUrl(id),
    waitFor: api.waitFor,
    workspace: api.workspace,
    socketMode,
    close: () =>
      new Promise<void>((resolve) => {
        socketMode.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
