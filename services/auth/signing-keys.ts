import { hkdfSync, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';
import type { Database } from '../internal/db';
import { authStore, type SigningKeyRow } from './store';

export const ACCESS_TOKEN_ALG = 'ES256';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

/**
 * The asymmetric keys that sign access tokens, kept in the auth schema so
 * every replica signs with the same key and publishes the same JWKS. Retired
 * keys drop out of the JWKS; the newest active key signs.
 */
export class SigningKeys {
  private current?: Promise<SigningKey>;
  private currentOtpKey?: Buffer;

  constructor(private readonly db: Database) {}

  /** The key new tokens are signed with, created on first use of a fresh install. */
  signingKey(): Promise<SigningKey> {
    this.current ??= this.loadOrCreate().catch((error: unknown) => {
      this.current = undefined;
      throw error;
    });
    return this.current;
  }

  /**
   * The HMAC key of one-time codes (services/auth/otp), derived from the
   * signing key's private part: every replica has it, and it is not in Redis
   * beside the hashed codes.
   */
  async otpKey(): Promise<Buffer> {
    await this.signingKey();
    return this.currentOtpKey!;
  }

  async jwks(): Promise<JSONWebKeySet> {
    await this.signingKey();
    const rows = await authStore.activeSigningKeys(this.db);
    return { keys: rows.map((row) => publicJwk(row)) };
  }

  private async loadOrCreate(): Promise<SigningKey> {
    const row = await this.db.transaction(async (trx) => {
      await authStore.lockSigningKeys(trx);
      const [newest] = await authStore.activeSigningKeys(trx);
      if (newest) return newest;
      const created = await newSigningKeyRow();
      await authStore.insertSigningKey(trx, created);
      return created;
    });
    const secret = Buffer.from(String(row.private_jwk.d), 'base64url');
    this.currentOtpKey = Buffer.from(hkdfSync('sha256', secret, 'streamhub', 'one-time codes', 32));
    return { kid: row.kid, privateKey: (await importJWK(row.private_jwk as JWK, row.alg)) as CryptoKey };
  }
}

function publicJwk(row: Pick<SigningKeyRow, 'kid' | 'alg' | 'public_jwk'>): JWK {
  return { ...row.public_jwk, kid: row.kid, alg: row.alg, use: 'sig' };
}

async function newSigningKeyRow(): Promise<Omit<SigningKeyRow, 'created_at'>> {
  const { publicKey, privateKey } = await generateKeyPair(ACCESS_TOKEN_ALG, { extractable: true });
  return {
    kid: randomUUID(),
    alg: ACCESS_TOKEN_ALG,
    public_jwk: { ...(await exportJWK(publicKey)) },
    private_jwk: { ...(await exportJWK(privateKey)) },
  };
}
