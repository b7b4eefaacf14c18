import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CallSummaryError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import type { Metrics } from '../shared/metrics.js';
import type { CallSummary } from '../use-case/model/call-summary.js';
import type { LegId, Side } from '../use-case/model/leg-id.js';
import type {
  Claims,
  ExportedCall,
  ExportQuery,
  FindingPbx,
  LegHint,
  PbxSummarySource,
} from '../use-case/ports.js';
import { fetchTranscriptPage } from './ai-context.js';
import { type ExportDeps, exportAroundLeg, exportCalls } from './ai-export.js';
import { createExportTurns } from './export-turns.js';
import { listExtensions, probeExtensionList } from './extension-list.js';
import { probeExtensionSearch, searchExtensionId } from './extension-search.js';
import { fetchSummary } from './get-ai-summary.js';
import { listGroups } from './group-list.js';
import { createPbxHttp, type PbxHttp } from './http.js';
import { type PbxExchange, recordLastExchange } from './last-exchange.js';
import { fetchSystemInformation, type PbxSystemInformation } from './system-information.js';
import { DEFAULT_TIME_FORMAT } from './time-format.js';
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
  /** YEASTAR_TIME_FORMAT; undefined: DEFAULT_TIME_FORMAT until the PBX names its own. */
  readonly timeFormat: string | undefined;
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
  /** Writes export times in `format` from now on (the PBX's own, from system/information). */
  useTimeFormat(format: string): void;
  /** The PBX's clock and display format (v1.0 `system/information`). */
  systemInformation(): Promise<PbxSystemInformation>;
  /** One small extension search (doctor): resolves when the PBX answers it. */
  probeExtensionSearch(): Promise<void>;
  /** One one-row page of the extension list (doctor): resolves when the PBX answers it. */
  probeExtensionList(): Promise<void>;
  /** How the last request to the PBX ended (readiness), if any was made. */
  lastExchange(): PbxExchange | undefined;
  /**
   * One cheap request that shows whether the PBX answers, recorded as any exchange (readiness, while
   * the PBX fails): never a login, never retried. `system/information` with the token held, or
   * without one, when none is: the PBX answers that with 10004 TOKEN EXPIRED, which shows it is up.
   */
  probeAnswering(): Promise<void>;
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
  /**
   * Claims shared by the replicas (CACHE_URL): the export's turn is taken across them. Absent: exports
   * take turns in this process only.
   */
  readonly exportClaims?: Claims | undefined;
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
  const exportState = { timeFormat: config.timeFormat ?? DEFAULT_TIME_FORMAT, unreadableRowsReported: false };
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const exportDeps: ExportDeps = {
    http,
    tokens,
    state: exportState,
    logger,
    sleep,
    turns: createExportTurns({ claims: deps.exportClaims, sleep, logger }),
  };

  return {
    http,
    tokens,
    timeFormat: () => exportState.timeFormat,
    useTimeFormat: (format) => {
      exportState.timeFormat = format;
    },
    systemInformation: () => fetchSystemInformation(http, tokens),
    lastExchange: () => recorded.last(),
    probeAnswering: async () => {
      const token = tokens.heldToken();
      await http.call(
        {
          method: 'GET',
          path: '/openapi/v1.0/system/information',
          ...(token === undefined ? {} : { token }),
          what: 'system_information',
          maxRetries: 0,
        },
        z.unknown(),
      );
    },
    subscribe: (options) => startPbxSocket({ ...options, http, tokens }),
    findExtensionId: (number: string) => searchExtensionId(http, tokens, number),
    probeExtensionSearch: () => probeExtensionSearch(http, tokens),
    probeExtensionList: () => probeExtensionList(http, tokens),
    fetchSummary: (legId: string, side: Side, extensionId: number): Promise<CallSummary | null> =>
      fetchSummary(http, tokens, legId, side, extensionId),
    exportCalls: (query: ExportQuery): Promise<ExportedCall[]> => exportCalls(exportDeps, query),
    exportAroundLeg: (leg: LegId, hint?: LegHint): Promise<ExportedCall[]> =>
      exportAroundLeg(exportDeps, leg, config.exportWindowMinutes, hint),
    listExtensions: () => listExtensions(http, tokens),
    listGroups: () => listGroups(http, tokens),
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
