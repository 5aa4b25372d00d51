/**
 * Fabric's contract enums as they arrive on the wire. The swagger declares them as strings, but .NET senders without
 * a string-enum converter write the member's number instead (0 for the first member, in the declared order): Fabric's
 * WDK job create sends `"invokeType": 2` for Manual. Pure.
 */

/**
 * The member `value` names: the exact name, or an integer JSON number within the list. Anything else (other strings,
 * numeric strings such as "2", fractions, negative or out-of-range numbers, booleans, null) → undefined.
 * `names` must be in the contract's declared order.
 */
export function enumFromWire<T extends string>(value: unknown, names: readonly T[]): T | undefined {
  if (typeof value === 'string') return names.find((n) => n === value);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < names.length) return names[value];
  return undefined;
}

/** `Name0, Name1, …` and their numbers, for error messages. */
export function describeWireEnum(names: readonly string[]): string {
  return `${names.join(', ')} (or their numbers 0 to ${names.length - 1})`;
}
