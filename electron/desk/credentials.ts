// Offline sign-in: a user who has signed in online on this desk has a scrypt verifier of their password
// cached in users.offline_verifier (never the password). Checking it is constant-time, an unknown user costs
// the same work as a known one (no user enumeration by timing), and repeated failures lock the account on
// this desk for a while.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const SCRYPT_PARAMS = { N: 1 << 15, r: 8, p: 1, keyLength: 32 } as const;

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash`, base64url: self-describing, so the cost can be raised later. */
export async function makeVerifier(password: string, params = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, params.keyLength, {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r,
  });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface ParsedVerifier {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseVerifier(v: string): ParsedVerifier | null {
  const parts = v.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20 || r > 32 || p > 16) return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 16 || key.length < 16) return null;
  return { N, r, p, salt, key };
}

// Checked against when the user is unknown or has no verifier, so that path costs the same scrypt.
const DUMMY = {
  N: SCRYPT_PARAMS.N,
  r: SCRYPT_PARAMS.r,
  p: SCRYPT_PARAMS.p,
  salt: Buffer.alloc(16, 7),
  key: Buffer.alloc(32, 0),
};

/** True only for a well-formed verifier that matches; always runs one scrypt. */
export async function checkVerifier(password: string, verifier: string | null): Promise<boolean> {
  const parsed = (verifier && parseVerifier(verifier)) || null;
  const v = parsed ?? DUMMY;
  const key = await scryptAsync(password, v.salt, v.key.length, {
    N: v.N,
    r: v.r,
    p: v.p,
    maxmem: 256 * v.N * v.r,
  });
  return timingSafeEqual(key, v.key) && parsed !== null;
}

export interface LockoutPolicy {
  /** Failed attempts allowed before the account is locked on this desk. */
  readonly maxFailures: number;
  readonly lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 5 * 60_000 };

/**
 * Failed attempts per account (by normalised email), in this process. A restart clears them, which is why the
 * lock is short; the server's own lockout is the real one once online sign-in arrives.
 */
export class Lockout {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();
  constructor(
    private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Milliseconds left on a lock, or 0 when the account may try. */
  lockedFor(account: string): number {
    const f = this.failures.get(account);
    if (!f) return 0;
    const left = f.lockedUntil - this.nowMs();
    if (f.lockedUntil > 0 && left <= 0) {
      this.failures.delete(account);
      return 0;
    }
    return Math.max(left, 0);
  }

  /** Records a failure; returns the attempts left before a lock (0 = now locked). */
  fail(account: string): number {
    const f = this.failures.get(account) ?? { count: 0, lockedUntil: 0 };
    f.count++;
    if (f.count >= this.policy.maxFailures) f.lockedUntil = this.nowMs() + this.policy.lockMs;
    this.failures.set(account, f);
    return Math.max(this.policy.maxFailures - f.count, 0);
  }

  succeed(account: string): void {
    this.failures.delete(account);
  }
}
