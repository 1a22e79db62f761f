// Reading untrusted JSON without `any` (pure): tools print whatever their version
// prints, so every field is looked up with its type checked, and a missing or
// mistyped field reads as undefined instead of throwing.

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** The parsed value, or undefined when the text is empty or not JSON. */
export function parseJson(text: string): Json | undefined {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The objects of a top-level JSON array (what `ip -j` prints); anything else reads as []. */
export function parseJsonObjects(text: string): JsonObject[] {
  const value = parseJson(text);
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export function stringField(o: JsonObject, key: string): string | undefined {
  const value = o[key];
  return typeof value === 'string' ? value : undefined;
}

export function numberField(o: JsonObject, key: string): number | undefined {
  const value = o[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function objectField(o: JsonObject, key: string): JsonObject | undefined {
  const value = o[key];
  return isObject(value) ? value : undefined;
}

export function stringsField(o: JsonObject, key: string): string[] {
  const value = o[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function objectsField(o: JsonObject, key: string): JsonObject[] {
  const value = o[key];
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** iproute2 prints flag-like attributes as `"key": null`, so presence is the value. */
export function hasKey(o: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** A string or number field as text (iproute2 prints some ids either way). */
export function textField(o: JsonObject, key: string): string | undefined {
  const value = o[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
