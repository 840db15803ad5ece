export interface ImageReference {
  name: string;
  tag?: string;
  digest?: string;
}

/** Splits `registry:5000/ns/name:tag@sha256:…`; a colon before the last slash belongs to the registry. */
export function parseImageReference(reference: string): ImageReference {
  const at = reference.indexOf('@');
  const digest = at === -1 ? undefined : reference.slice(at + 1);
  const nameAndTag = at === -1 ? reference : reference.slice(0, at);
  const colon = nameAndTag.lastIndexOf(':');
  const tag = colon > nameAndTag.lastIndexOf('/') ? nameAndTag.slice(colon + 1) : undefined;
  const name = tag === undefined ? nameAndTag : nameAndTag.slice(0, colon);
  return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** What a reference says about pinning: by digest, by a specific tag, or floating (`:latest` or no tag). */
export type Pinning = 'digest' | 'tag' | 'floating';

export function pinningOf(reference: ImageReference): Pinning {
  if (reference.digest !== undefined && reference.digest !== '') return 'digest';
  if (reference.tag === undefined || reference.tag === '' || reference.tag === 'latest') return 'floating';
  return 'tag';
}

/** A reference that still holds an unresolved variable cannot be judged (`${BASE}`, `$(IMAGE)`). */
export function isUnresolved(reference: string): boolean {
  return reference.includes('$') || reference.includes('{{');
}
