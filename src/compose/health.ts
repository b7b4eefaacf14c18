import type { ServerResponse } from 'node:http';
import type { Route } from '../shared/http/route.js';

/** One readiness check for GET /readyz: true when that part works. */
export type ReadinessCheck = () => Promise<boolean>;

export interface HealthOptions {
  /** Named checks for /readyz, e.g. `{ pbx_token, cache }` (defined by the composition root). */
  readonly checks: Readonly<Record<string, ReadinessCheck>>;
  /** Bound on each readiness check (a hung PBX must not hang the probe). */
  readonly timeoutMs?: number;
  /** True once shutdown began: /readyz then says not ready, so the load balancer drains this replica. */
  readonly stopping: () => boolean;
}

/** GET /healthz (the process answers) and GET /readyz (each check's verdict, 503 when any fails). */
export function healthRoutes(options: HealthOptions): Route[] {
  return [
    {
      path: '/healthz',
      method: 'GET',
      handler: (_req, res) => sendJson(res, 200, { status: 'ok' }),
    },
    {
      path: '/readyz',
      method: 'GET',
      handler: (_req, res) => {
        void readiness(options.checks, options.timeoutMs ?? 3000).then(
          (body) => {
            const stopping = options.stopping();
            sendJson(
              res,
              stopping ? 503 : body.ready ? 200 : 503,
              stopping ? { ...body, ready: false, stopping: true } : body,
            );
          },
          () => sendJson(res, 503, { ready: false }),
        );
      },
    },
  ];
}

async function readiness(
  checks: Readonly<Record<string, ReadinessCheck>>,
  timeoutMs: number,
): Promise<{ ready: boolean; checks: Record<string, 'ok' | 'failing'> }> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const ok = await Promise.race([
        check().catch(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
      ]);
      return [name, ok ? 'ok' : 'failing'] as const;
    }),
  );
  // Configuration was loaded before the server existed, so it is ready by construction.
  const result: Record<string, 'ok' | 'failing'> = { config: 'ok', ...Object.fromEntries(entries) };
  return { ready: Object.values(result).every((v) => v === 'ok'), checks: result };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
