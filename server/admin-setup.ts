// Creating the first administrator, shared by `npm run admin -- create-admin` and its tests. Runs with
// direct database access on the server host, which is what entitles it to skip the API's authorisation.
import type { Db } from '../db/postgres/db.js';
import {
  appendAdminAudit,
  countActiveAdministrators,
  firstOrganisation,
  insertOrganisation,
  insertUser,
  isUniqueViolation,
  type UserRecord,
} from '../db/postgres/identity-store.js';
import type { Clock } from '../shared/app/ports.js';
import { DEFAULT_SCRYPT, hashPassword, passwordProblem, type ScryptParams } from './auth/passwords.js';
import { newId } from './ids.js';

export class AdminSetupError extends Error {
  override name = 'AdminSetupError';
}

export interface CreateAdminInput {
  readonly email: string;
  readonly displayName: string;
  readonly password: string;
  readonly organisationName?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createFirstAdministrator(
  db: Db,
  clock: Clock,
  input: CreateAdminInput,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<UserRecord> {
  const email = input.email.trim();
  const displayName = input.displayName.trim();
  if (!EMAIL.test(email) || email.length > 320) throw new AdminSetupError(`'${input.email}' is not an email address.`);
  if (displayName.length === 0 || displayName.length > 200)
    throw new AdminSetupError('--name must be 1–200 characters.');
  const weak = passwordProblem(input.password);
  if (weak) throw new AdminSetupError(`Refused: ${weak}`);
  const passwordHash = await hashPassword(input.password, params);
  try {
    return await db.transaction(async (tx) => {
      // Serialise concurrent runs: only one of them can be "the first".
      await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [4_242_000_002]);
      if ((await countActiveAdministrators(tx)) > 0) {
        throw new AdminSetupError(
          'An administrator already exists. Sign in as them and create further users with the admin API.',
        );
      }
      const nowIso = clock.nowIso();
      const organisation =
        (await firstOrganisation(tx)) ??
        (await insertOrganisation(tx, {
          id: newId(clock),
          name: input.organisationName?.trim() || 'Organisation',
          nowIso,
        }));
      const user = await insertUser(tx, {
        id: newId(clock),
        organisationId: organisation.id,
        email,
        displayName,
        teamId: null,
        roles: ['administrator'],
        passwordHash,
        nowIso,
      });
      await appendAdminAudit(tx, {
        organisationId: organisation.id,
        actorId: null,
        actorLabel: 'command line (create-admin)',
        action: 'user.create-first-administrator',
        entityType: 'user',
        entityId: user.id,
        detail: { email },
        nowIso,
      });
      return user;
    });
  } catch (e) {
    if (isUniqueViolation(e, 'users_email_ci')) {
      throw new AdminSetupError(`A user with the email address ${email} already exists.`);
    }
    throw e;
  }
}
