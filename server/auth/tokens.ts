// Access tokens: a small JSON claim set signed with HMAC-SHA256 under the server's secret. They live about
// fifteen minutes; the request hook also checks that the token's session is still live, so logout and
// refresh-token reuse end them at once. Refresh tokens are opaque random strings, stored only as hashes.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { ROLES } from '../../shared/app/ports.js';

const PREFIX = 'cd1';

const claimsSchema = z.object({
  sub: z.string(),
  org: z.string(),
  sid: z.string(),
  jti: z.string(),
  roles: z.array(z.enum(ROLES)),
  team: z.string().nullable(),
  desk: z.string().nullable(),
  /** Seconds since the epoch. */
  iat: z.number().int(),
  exp: z.number().int(),
});
export type AccessClaims = z.infer<typeof claimsSchema>;

export type VerifyResult =
  | { readonly ok: true; readonly claims: AccessClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad-signature' | 'expired' };

function mac(secret: Buffer, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

export function signAccessToken(claims: AccessClaims, secret: Buffer): string {
  const body = `${PREFIX}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

export function verifyAccessToken(token: string, secret: Buffer, nowMs: number): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX || token.length > 4096) return { ok: false, reason: 'malformed' };
  const body = `${parts[0]}.${parts[1]}`;
  const given = Buffer.from(parts[2] ?? '', 'base64url');
  const expected = mac(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = claimsSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  if (nowMs >= parsed.data.exp * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, claims: parsed.data };
}

export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The secret must carry at least 256 bits; a short one would make tokens guessable. */
export function secretFrom(value: string): Buffer {
  const trimmed = value.trim();
  const buf =
    /^[0-9a-f]+$/i.test(trimmed) && trimmed.length % 2 === 0 ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed);
  if (buf.length < 32) throw new Error('TOKEN_SECRET must be at least 32 bytes (64 hex characters).');
  return buf;
}
