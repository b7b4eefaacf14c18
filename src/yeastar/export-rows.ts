import { type LegId, tryParseLegId } from '../use-case/model/leg-id.js';
import { partyNumber } from '../use-case/model/party-number.js';
import type { ExportedCall } from '../use-case/ports.js';

const LEG_KEYS = ['leg_id', 'legId', 'cdr_id', 'call_id', 'id'] as const;
const FROM_KEYS = ['call_from_number', 'call_from', 'caller_number', 'caller', 'src'] as const;
const TO_KEYS = ['call_to_number', 'call_to', 'callee_number', 'callee', 'dst'] as const;
const FROM_NAME_KEYS = ['call_from_name', 'caller_name', 'src_name'] as const;
const TO_NAME_KEYS = ['call_to_name', 'callee_name', 'dst_name'] as const;
const TYPE_KEYS = ['call_type', 'type'] as const;
const DURATION_KEYS = ['call_duration', 'talk_duration', 'duration'] as const;
const SUMMARY_KEYS = ['ai_summary', 'summary'] as const;
const UID_KEYS = ['uid', 'cdr_uid'] as const;

/** A row of the export, or undefined when it lacks a leg id or a party. */
export function parseExportRow(candidate: unknown): ExportedCall | undefined {
  if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate)) return undefined;
  const row = candidate as Record<string, unknown>;
  const leg = firstLegId(row);
  const fromField = firstText(row, FROM_KEYS);
  const toField = firstText(row, TO_KEYS);
  if (!leg || fromField === undefined || toField === undefined) return undefined;
  const callFrom = partyNumber(fromField);
  const callTo = partyNumber(toField);
  if (callFrom === '' || callTo === '') return undefined;
  return {
    leg,
    callFrom,
    callTo,
    callFromName: firstText(row, FROM_NAME_KEYS) ?? angledName(row, FROM_KEYS),
    callToName: firstText(row, TO_NAME_KEYS) ?? angledName(row, TO_KEYS),
    callType: firstText(row, TYPE_KEYS) ?? '',
    durationSeconds: duration(row),
    summaryHtml: summaryText(row),
    uid: firstText(row, UID_KEYS) ?? '',
  };
}

/** The keys a row has (for the log line when no row could be read); never their values. */
export function rowKeys(candidate: unknown): string[] {
  if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate)) return [];
  return Object.keys(candidate).slice(0, 40);
}

function firstLegId(row: Record<string, unknown>): LegId | undefined {
  for (const key of LEG_KEYS) {
    const value = row[key];
    if (typeof value === 'string') {
      const leg = tryParseLegId(value);
      if (leg) return leg;
    }
  }
  return undefined;
}

function firstText(row: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = row[key];
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** The name in the first `Evelyn<5566>`-style party field; a bare number has none. */
function angledName(row: Record<string, unknown>, keys: readonly string[]): string {
  for (const key of keys) {
    const value = row[key];
    const match = typeof value === 'string' ? /^(.*?)\s*<[^<>]*>\s*$/.exec(value.trim()) : null;
    if (match?.[1]?.trim()) return match[1].trim();
  }
  return '';
}

/** Seconds as a number, a numeric string, or `HH:MM:SS` / `MM:SS`. */
function duration(row: Record<string, unknown>): number | null {
  for (const key of DURATION_KEYS) {
    const value = row[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.round(value);
    if (typeof value !== 'string') continue;
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text));
    const clock = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(text);
    if (clock) return Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  }
  return null;
}

/** The summary as HTML, also when a row nests it (`{summary: "…"}`) as newer answers might. */
function summaryText(row: Record<string, unknown>): string {
  for (const key of SUMMARY_KEYS) {
    const value = row[key];
    if (typeof value === 'string') return value;
    if (value !== null && typeof value === 'object' && 'summary' in value) {
      const inner = (value as { summary?: unknown }).summary;
      if (typeof inner === 'string') return inner;
    }
  }
  return '';
}
