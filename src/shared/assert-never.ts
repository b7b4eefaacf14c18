/** The `default` of a switch that handles every case: a compile error when a case is added and not handled. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
