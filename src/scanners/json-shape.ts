import { z } from 'zod';

/**
 * Fast shape checks for the large scanner reports (issue 11 item 6). A zod schema copies every object it accepts;
 * on a 100k-finding report that copy costs about as much as `JSON.parse` itself, and its garbage more. A check
 * written with these helpers walks the parsed value in place and only says yes or no. It must never accept what
 * its zod schema refuses: `withFastCheck` falls back to the schema whenever the check says no, so the schema
 * still decides every refusal and its message, and a check stricter than its schema only costs time.
 *
 * The schemas trim ids (`z.string().trim().min(1)`); `isId` does the same in place, so the value accepted is the
 * value the schema would have returned, less the unknown fields the mapping never reads.
 */
export type Shape = Record<string, unknown>;

/** A plain object, as `z.object` takes it, without an own `__proto__` key (left to zod, which copies safely). */
export function isObject(value: unknown): value is Shape {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !Object.hasOwn(value as object, '__proto__')
  );
}

/** `z.string().nullish()`. */
export function isText(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

/** `z.number().nullish()` (JSON has no NaN or Infinity). */
export function isNumberOrNone(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'number';
}

/** `z.number().int().nonnegative().nullish()`. */
export function isLineNumber(value: unknown): boolean {
  return value === undefined || value === null || (Number.isSafeInteger(value) && (value as number) >= 0);
}

/** `z.string().trim().min(1)` as the field `key` of `owner`: trims it in place, as the schema's output would be. */
export function isId(owner: Shape, key: string): boolean {
  const value = owner[key];
  if (typeof value !== 'string') return false;
  const trimmed = value.trim();
  if (trimmed === '') return false;
  if (trimmed !== value) owner[key] = trimmed;
  return true;
}

/** `z.array(item).nullish()`. */
export function isListOrNone(value: unknown, item: (entry: unknown) => boolean): boolean {
  if (value === undefined || value === null) return true;
  if (!Array.isArray(value)) return false;
  for (const entry of value) if (!item(entry)) return false;
  return true;
}

export function isString(value: unknown): boolean {
  return typeof value === 'string';
}

/** `z.object(…).nullish()` for an object whose fields `fields` checks. */
export function isObjectOrNone(value: unknown, fields: (object: Shape) => boolean): boolean {
  return value === undefined || value === null || (isObject(value) && fields(value));
}

/**
 * `schema`, with `accepts` tried first: a value it accepts is returned as it is (no copy); any other value goes
 * through `schema`, which returns its copy or refuses it with its own issues, unchanged.
 */
export function withFastCheck<Schema extends z.ZodType>(
  schema: Schema,
  accepts: (value: unknown) => boolean,
): z.ZodType<z.output<Schema>> {
  return z.unknown().transform((value, ctx): z.output<Schema> => {
    if (accepts(value)) return value as z.output<Schema>;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ ...issue });
    return z.NEVER;
  });
}
