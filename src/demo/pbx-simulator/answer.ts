/** What one OpenAPI request is answered with; the server writes it. */
export interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /**
   * A body too large to build at once (an export file of a busy floor): written piece by piece after
   * `body`, as the connection takes it. `onSent` runs once the last piece is handed over.
   */
  pieces?: Iterable<string>;
  onSent?: () => void;
}

export const json = (value: unknown, status = 200): Answer => ({ status, body: JSON.stringify(value) });

/** The PBX's envelope: `{errcode, errmsg, …}`, always with HTTP 200. */
export const pbxAnswer = (errcode: number, errmsg: string, extra: Record<string, unknown> = {}): Answer =>
  json({ errcode, errmsg, ...extra });

export const parameterError = (invalid: Record<string, unknown>[] = []): Answer =>
  pbxAnswer(40002, 'PARAMETER ERROR', invalid.length > 0 ? { invalid_param_list: invalid } : {});

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
