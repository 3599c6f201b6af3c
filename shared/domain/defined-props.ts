/**
 * Builds an object with optional keys from values that may be undefined: `definedProps({ a, b })`
 * drops every key whose value is undefined, so JSON and SDK inputs never carry `"b": undefined`,
 * and types each possibly-undefined key as optional without `| undefined`, which is what
 * `exactOptionalPropertyTypes` asks of an optional property.
 */

/** Keys of T whose value type admits undefined (optional keys included). */
type MaybeKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

/** T with every possibly-undefined key made optional and stripped of `undefined`. */
export type DefinedProps<T> = {
  [K in Exclude<keyof T, MaybeKeys<T>>]: T[K];
} & {
  [K in MaybeKeys<T>]?: Exclude<T[K], undefined>;
} extends infer O
  ? { [K in keyof O]: O[K] }
  : never;

export function definedProps<T extends object>(props: T): DefinedProps<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) if (value !== undefined) out[key] = value;
  return out as DefinedProps<T>;
}
