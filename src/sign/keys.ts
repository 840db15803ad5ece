import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { errorMessage, UsageError } from '../util/errors.js';
import { validateKeyRef } from './cosign-args.js';

/**
 * Keys for native signing: a PEM private key (PKCS#8, or PKCS#8 encrypted with the password in COSIGN_PASSWORD)
 * from a file or `env://VAR`, and its public key for verification. ECDSA P-256 with SHA-256, the key type
 * `cosign generate-key-pair` makes and the one every Sigstore verifier takes for keyed DSSE bundles.
 * cosign's own encrypted format and KMS keys stay with `--signer cosign`.
 */
export interface SigningKeyPair {
  privateKey: KeyObject;
  /** SPKI PEM, what goes into the bundle's verification material and to Rekor. */
  publicKeyPem: string;
  /** base64(sha256(SPKI DER)), the bundle's key hint. */
  hint: string;
}

const COSIGN_FORMAT = /-----BEGIN ENCRYPTED (?:SIGSTORE|COSIGN) PRIVATE KEY-----/;

async function readKeyText(
  ref: string,
  what: string,
  env: Record<string, string | undefined>,
): Promise<string> {
  const checked = validateKeyRef(ref);
  if (checked.startsWith('env://')) {
    const name = checked.slice('env://'.length);
    const value = env[name];
    if (!value) throw new UsageError(`--key ${ref}: ${name} is empty or not set — put the PEM ${what} in it`);
    return value;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(checked))
    throw new UsageError(`--key ${ref}: KMS keys are signed with cosign — add --signer cosign`);
  try {
    return await readFile(checked, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--key ${ref}: cannot read it (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}) — pass the PEM ${what} file`,
      { cause: error },
    );
  }
}

function requireP256(key: KeyObject, ref: string): void {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || (curve !== 'prime256v1' && curve !== 'P-256'))
    throw new UsageError(
      `--key ${ref}: a ${key.asymmetricKeyType}${curve ? ` ${curve}` : ''} key — native signing takes ECDSA P-256 keys (cosign generate-key-pair, openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256); use --signer cosign for others`,
    );
}

export async function loadSigningKey(
  ref: string,
  env: Record<string, string | undefined> = process.env,
): Promise<SigningKeyPair> {
  const text = await readKeyText(ref, 'private key', env);
  if (COSIGN_FORMAT.test(text))
    throw new UsageError(
      `--key ${ref}: cosign's encrypted key format — sign with --signer cosign, or use a PKCS#8 PEM key (openssl pkcs8 -topk8)`,
    );
  let privateKey: KeyObject;
  try {
    const password = env.COSIGN_PASSWORD;
    privateKey = createPrivateKey({
      key: text,
      format: 'pem',
      ...(text.includes('ENCRYPTED PRIVATE KEY') ? { passphrase: password ?? '' } : {}),
    });
  } catch (error) {
    const encrypted = text.includes('ENCRYPTED PRIVATE KEY');
    throw new UsageError(
      `--key ${ref}: not a usable PEM private key${encrypted ? ' (wrong or missing COSIGN_PASSWORD?)' : ''} (${errorMessage(error).split('\n')[0]})`,
      { cause: error },
    );
  }
  requireP256(privateKey, ref);
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    hint: keyHint(publicKey),
  };
}

export async function loadVerificationKey(
  ref: string,
  env: Record<string, string | undefined> = process.env,
): Promise<KeyObject> {
  const text = await readKeyText(ref, 'public key', env);
  if (text.includes('PRIVATE KEY'))
    throw new UsageError(`--key ${ref}: this is a private key — verify with the public key (cosign.pub)`);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: text, format: 'pem' });
  } catch (error) {
    throw new UsageError(
      `--key ${ref}: not a PEM public key (${errorMessage(error).split('\n')[0]}) — pass the public half (cosign.pub)`,
      { cause: error },
    );
  }
  requireP256(key, ref);
  return key;
}

export function keyHint(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
}
