import type { Side } from './model/leg-id.js';

/**
 * The audit trail: one record per summary, transcript page and list shown to a person, per share
 * and thread post, and per refusal. Who (the Slack member who acted), what, which leg and side, from
 * which surface, and whether it was allowed. Never the summary's or the transcript's text, and
 * outside numbers only masked (the last two digits), as in every log line.
 */
export type AuditWhat = 'summary' | 'transcript' | 'list' | 'share' | 'post' | 'notify';

/** Where the person acted: the command, a button (by what it does), the shortcut, the Home tab. */
export type AuditSurface =
  | 'command'
  | 'summary_button'
  | 'show_side'
  | 'refresh'
  | 'retry'
  | 'share'
  | 'older'
  | 'transcript'
  | 'transcript_page'
  | 'notify_me'
  | 'shortcut'
  | 'thread_post'
  | 'home'
  | 'home_summary'
  | 'notification';

export interface AuditRecord {
  readonly member: string;
  readonly what: AuditWhat;
  readonly surface: AuditSurface;
  readonly outcome: 'allowed' | 'refused';
  readonly leg?: string | undefined;
  readonly side?: Side | 'both' | undefined;
  /** A transcript's page. */
  readonly page?: number | undefined;
  /** A list's subject: `extension 3202`, or an outside number masked (`number …23`). */
  readonly list?: string | undefined;
  /** How many calls a list page showed. */
  readonly shown?: number | undefined;
  /** Where a share or a thread post went. */
  readonly channel?: string | undefined;
  /**
   * Why it was refused: the access rules (ACCESS_FILE; `transcripts: leads`), or the person or the
   * conversation not let in at all (ALLOWED_USER_IDS, ALLOWED_CHANNEL_IDS).
   */
  readonly reason?: 'access_file' | 'transcripts_leads' | 'allowed_ids' | undefined;
}

/** Writes one record (src/compose/audit.ts: the `audit` log scope, and AUDIT_LOG_FILE). Never throws. */
export type AuditSink = (record: AuditRecord) => void;

/** An audit trail that keeps nothing (tests of other things, the CLI). */
export const NO_AUDIT: AuditSink = () => undefined;
