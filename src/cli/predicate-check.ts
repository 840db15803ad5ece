import { UsageError } from '../util/errors.js';
import { readInputFile } from '../util/input-file.js';

/**
 * `attest --predicate`, checked before anything is signed (issue 14): a missing file, a directory, an empty file or,
 * for every type but `custom` (raw bytes in cosign's generic predicate), text that is not a JSON object would
 * otherwise reach the signer. Exit 3, one line naming the file.
 */
export async function checkPredicateFile(path: string, type: string): Promise<void> {
  const text = await readInputFile(path, 'predicate');
  if (text.trim() === '')
    throw new UsageError(`predicate ${path}: empty — pass the predicate file (an SBOM, an OpenVEX document)`);
  if (type === 'custom') return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `predicate ${path}: not JSON — a ${type} predicate is a JSON document; check the file`,
      { cause: error },
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`predicate ${path}: not a JSON object — a ${type} predicate is one; check the file`);
}
