// The pieces of authentication on their own: scrypt hashes, signed access tokens, the failure limiter.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, hashPassword, passwordProblem, verifyPassword } from '../../server/auth/passwords.js';
import { FailureRateLimiter } from '../../server/auth/rate-limit.js';
import {
  hashRefreshToken,
  newRefreshToken,
  secretFrom,
  signAccessToken,
  verifyAccessToken,
  type AccessClaims,
} from '../../server/auth/tokens.js';
import { TEST_SCRYPT } from './helpers.js';

describe('password hashes', () => {
  it('use scrypt N=2^15, r=8, p=1 with a per-user random salt by default', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(DEFAULT_SCRYPT).toEqual({ N: 32768, r: 8, p: 1 });
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
  });

  it('verify with the parameters stored in the hash, and never match a malformed hash', async () => {
    const cheap = await hashPassword('p4ssword phrase', TEST_SCRYPT);
    expect(await verifyPassword('p4ssword phrase', cheap)).toBe(true);
    for (const bad of [
      '',
      'scrypt$',
      'bcrypt$x',
      cheap.replace('$4096$', '$4097$'),
      cheap.replace('$4096$', '$1073741824$'),
    ]) {
      expect(await verifyPassword('p4ssword phrase', bad)).toBe(false);
    }
  });

  it('refuse weak new passwords with a reason', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('aaaaaaaaaaaaaaaa')).toMatch(/different characters/);
    expect(passwordProblem('x'.repeat(2000))).toMatch(/at most/);
    expect(passwordProblem('a long enough phrase')).toBeNull();
  });
});

describe('access tokens', () => {
  const secret = secretFrom('ab'.repeat(32));
  const claims: AccessClaims = {
    sub: 'u1',
    org: 'o1',
    sid: 's1',
    jti: 'j1',
    roles: ['agent'],
    team: 't1',
    desk: null,
    iat: 1_000,
    exp: 1_900,
  };

  it('verify until they expire', () => {
    const token = signAccessToken(claims, secret);
    expect(verifyAccessToken(token, secret, 1_899_999)).toEqual({ ok: true, claims });
    expect(verifyAccessToken(token, secret, 1_900_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('reject another secret, altered claims and garbage', () => {
    const token = signAccessToken(claims, secret);
    expect(verifyAccessToken(token, secretFrom('cd'.repeat(32)), 1_000_000)).toMatchObject({ reason: 'bad-signature' });
    const [p, , sig] = token.split('.');
    const altered = `${p}.${Buffer.from(JSON.stringify({ ...claims, roles: ['administrator'] })).toString('base64url')}.${sig}`;
    expect(verifyAccessToken(altered, secret, 1_000_000)).toMatchObject({ reason: 'bad-signature' });
    for (const junk of ['', 'a.b', 'cd1..', 'x.y.z', `cd1.${'A'.repeat(5000)}.x`]) {
      expect(verifyAccessToken(junk, secret, 1_000_000).ok).toBe(false);
    }
  });

  it('need a secret of at least 32 bytes', () => {
    expect(() => secretFrom('too short')).toThrow(/at least 32 bytes/);
    expect(secretFrom('0f'.repeat(32))).toHaveLength(32);
  });

  it('refresh tokens are 256 random bits, stored as SHA-256', () => {
    const t = newRefreshToken();
    expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    expect(hashRefreshToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(newRefreshToken()).not.toBe(t);
  });
});

describe('failure rate limiter', () => {
  it('allows 10 failures per window per key, then says how long to wait', () => {
    const limiter = new FailureRateLimiter({ maxFailures: 10, windowMs: 15 * 60_000 });
    for (let i = 0; i < 10; i++) {
      expect(limiter.retryAfterSeconds('k', i * 1000)).toBe(0);
      limiter.recordFailure('k', i * 1000);
    }
    expect(limiter.retryAfterSeconds('k', 10_000)).toBe(15 * 60 - 10);
    expect(limiter.retryAfterSeconds('other', 10_000)).toBe(0);
    expect(limiter.retryAfterSeconds('k', 15 * 60_000 + 1)).toBe(0);
    limiter.reset('k');
    expect(limiter.retryAfterSeconds('k', 10_001)).toBe(0);
  });

  it('forgets the oldest keys beyond its capacity', () => {
    const limiter = new FailureRateLimiter({ maxFailures: 1, windowMs: 60_000, maxKeys: 3 });
    for (const k of ['a', 'b', 'c', 'd']) limiter.recordFailure(k, 0);
    expect(limiter.retryAfterSeconds('a', 1)).toBe(0);
    expect(limiter.retryAfterSeconds('d', 1)).toBeGreaterThan(0);
  });
});
