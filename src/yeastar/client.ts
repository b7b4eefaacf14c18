import { readFileSync } from 'node:fs';
import { CallSummaryError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import type { Metrics } from '../shared/metrics.js';
import type { CallSummary } from '../use-case/model/call-summary.js';
import type { LegId, Side } from '../use-case/model/leg-id.js';
import type { ExportedCall, ExportQuery, FindingPbx, PbxSummarySource } from '../use-case/ports.js';
import { fetchTranscriptPage } from './ai-context.js';
import { exportAroundLeg, exportCalls } from './ai-export.js';
import { listExtensions, probeExtensionList } from './extension-list.js';
import { probeExtensionSearch, searchExtensionId } from './extension-search.js';
import { fetchSummary } from './get-ai-summary.js';
import { createPbxHttp, type PbxHttp } from './http.js';
import { type PbxExchange, recordLastExchange } from './last-exchange.js';
import { createMemoryTokenStore, type TokenStore } from './token-store.js';
import { createTokenManager, type TokenManager } from './tokens.js';
import { type PbxSocket, type PbxSocketOptions, startPbxSocket } from './websocket.js';

export interface PbxConfig {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly caFile: string | undefined;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly loginCooldownMs: number;
  readonly timeFormat: string;
  readonly exportWindowMinutes: number;
}

/** What a subscriber to the PBX's event feed chooses; the rest (URLs, CA, token, back-off) is the client's. */
export type PbxEventFeedOptions = Omit<PbxSocketOptions, 'http' | 'tokens'>;
export type { PbxSocket };

/** The PBX client: one HTTP edge, one token manager, the reads the use cases need. */
export interface PbxClient extends PbxSummarySource, FindingPbx {
  readonly http: PbxHttp;
  readonly tokens: TokenManager;
  /** The display format in use (YEASTAR_TIME_FORMAT until the PBX names another). */
  timeFormat(): string;
  /** One small extension search (doctor): resolves when the PBX answers it. */
  probeExtensionSearch(): Promise<void>;
  /** One one-row page of the extension list (doctor): resolves when the PBX answers it. */
  probeExtensionList(): Promise<void>;
  /** How the last request to the PBX ended (readiness), if any was made. */
  lastExchange(): PbxExchange | undefined;
  /** Opens the event WebSocket (reconnecting until stopped); each event frame's text goes to `onMessage`. */
  subscribe(options: PbxEventFeedOptions): PbxSocket;
  /** Revokes the token (best effort) and closes connections. */
  close(options?: { revoke?: boolean }): Promise<void>;
}

export interface PbxClientDeps {
  readonly logger: Logger;
  /** Shared store for replicas (src/cache); memory by default. */
  readonly store?: TokenStore;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Requests, logins and refreshes, export bytes (GET /metrics). */
  readonly metrics?: Metrics;
}

export function createPbxClient(config: PbxConfig, deps: PbxClientDeps): PbxClient {
  const logger = deps.logger;
  let ca: string | undefined;
  if (config.caFile) {
    try {
      ca = readFileSync(config.caFile, 'utf8');
    } catch (error) {
      throw new CallSummaryError('config_invalid', {
        problems: [`YEASTAR_CA_FILE could not be read: ${(error as Error).message}`],
      });
    }
  }
  const recorded = recordLastExchange(
    createPbxHttp({
      baseUrl: config.baseUrl,
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      ca,
      logger,
      secrets: [config.clientSecret],
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.random ? { random: deps.random } : {}),
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
    }),
    deps.now,
  );
  const http = recorded.http;
  const tokens = createTokenManager({
    http,
    store: deps.store ?? createMemoryTokenStore(),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    loginCooldownMs: config.loginCooldownMs,
    logger,
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });
  const exportState = { timeFormat: config.timeFormat, unreadableRowsReported: false };

  return {
    http,
    tokens,
    timeFormat: () => exportState.timeFormat,
    lastExchange: () => recorded.last(),
    subscribe: (options) => startPbxSocket({ ...options, http, tokens }),
    findExtensionId: (number: string) => searchExtensionId(http, tokens, number),
    probeExtensionSearch: () => probeExtensionSearch(http, tokens),
    probeExtensionList: () => probeExtensionList(http, tokens),
    fetchSummary: (legId: string, side: Side, extensionId: number): Promise<CallSummary | null> =>
      fetchSummary(http, tokens, legId, side, extensionId),
    exportCalls: (query: ExportQuery): Promise<ExportedCall[]> =>
      exportCalls({ http, tokens, state: exportState, logger }, query),
    exportAroundLeg: (leg: LegId, knownNumber?: string): Promise<ExportedCall[]> =>
      exportAroundLeg(
        { http, tokens, state: exportState, logger },
        leg,
        config.exportWindowMinutes,
        knownNumber,
      ),
    listExtensions: () => listExtensions(http, tokens),
    fetchTranscriptPage: (legId, page, limit) => fetchTranscriptPage(http, tokens, legId, page, limit),
    close: async (options = {}) => {
      try {
        if (options.revoke ?? true) await tokens.revoke();
      } finally {
        http.close();
      }
    },
  };
}
