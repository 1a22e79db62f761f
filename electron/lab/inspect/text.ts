// Small helpers shared by the parsers (pure).

/** The lines of a section, with Windows line ends tolerated. */
export const lines = (text: string): string[] => text.split('\n').map((line) => line.replace(/\r$/, ''));

/** A whole non-negative decimal number, or undefined (Number('') is 0, Number(' 1') is 1). */
export function wholeNumber(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

type Present<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/**
 * The fields that have a value: results carry no `key: undefined` (nor the empty
 * strings ip never means), so they compare, diff and serialise the same as JSON.
 */
export function presentOnly<T extends object>(fields: T): Present<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== '')) as Present<T>;
}
