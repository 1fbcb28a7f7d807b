// `tsx server/cli/demo-seed.ts MANIFEST.json`: seeds the embedded server database (DATA_DIR, as `npm run server`)
// with a desk's demo organisation, for `npm run web` / `npm start` with no central server configured. The desk
// writes the manifest: the organisation's teams, users (with their demo passwords), categories, the desk's
// identity, and its outbox. The users, teams and desk keep the desk's ids; the outbox is replayed through the
// same push pipeline /sync/push uses (each run of mutations as its own author), so the server's rows are
// exactly what sync would have made. Prints one JSON line: each mutation's answer, for the desk to settle its
// outbox. Direct database access on the local machine is what entitles it to skip the API's sign-in.
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { openAndMigrate } from '../../db/postgres/open.js';
import {
  firstOrganisation,
  insertDesk,
  insertOrganisation,
  insertTeam,
  insertUser,
} from '../../db/postgres/identity-store.js';
import { upsertBusinessArea, upsertCategory } from '../../db/postgres/reference-store.js';
import { ROLES } from '../../shared/domain/vocabulary.js';
import { SYNC_PROTOCOL_VERSION, pushRequestSchema, type PushResult } from '../../shared/contracts/sync.js';
import { hashPassword } from '../auth/passwords.js';
import { systemClock } from '../clock.js';
import { databaseConfig, readConfig } from '../config.js';
import { newId } from '../ids.js';
import { handlePush, ServerHlc } from '../sync/push.js';

const manifestSchema = z.object({
  organisation: z.object({ name: z.string().min(1), region: z.string() }),
  desk: z.object({ id: z.string(), deskCode: z.string(), name: z.string() }),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  users: z.array(
    z.object({
      id: z.string(),
      email: z.string(),
      displayName: z.string(),
      teamId: z.string().nullable(),
      roles: z.array(z.enum(ROLES)).min(1),
      password: z.string().min(1),
    }),
  ),
  businessAreas: z.array(
    z.object({ key: z.string(), name: z.string(), ownerUserId: z.string().nullable().optional() }),
  ),
  categories: z.array(z.object({ key: z.string(), name: z.string(), businessAreaKey: z.string().nullable() })),
  mutations: z.array(
    z.object({
      mutationId: z.string(),
      useCase: z.string(),
      actorId: z.string(),
      hlc: z.string(),
      payload: z.object({ context: z.object({ now: z.string() }).passthrough() }).passthrough(),
    }),
  ),
});
export type DemoManifest = z.infer<typeof manifestSchema>;

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx server/cli/demo-seed.ts MANIFEST.json');
    return 2;
  }
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const config = readConfig(process.env);
  const { db } = await openAndMigrate(databaseConfig(config));
  try {
    if (await firstOrganisation(db)) {
      console.error('demo-seed: this database already holds an organisation; nothing done');
      return 1;
    }
    const nowIso = systemClock.nowIso();
    const organisationId = newId(systemClock);
    const hashes = await Promise.all(manifest.users.map((u) => hashPassword(u.password)));
    await db.transaction(async (tx) => {
      await insertOrganisation(tx, {
        id: organisationId,
        name: manifest.organisation.name,
        region: manifest.organisation.region,
        nowIso,
      });
      for (const t of manifest.teams) await insertTeam(tx, { id: t.id, organisationId, name: t.name, nowIso });
      for (const [i, u] of manifest.users.entries()) {
        await insertUser(tx, {
          id: u.id,
          organisationId,
          email: u.email,
          displayName: u.displayName,
          teamId: u.teamId,
          roles: u.roles,
          passwordHash: hashes[i] ?? '',
          nowIso,
        });
      }
      for (const a of manifest.businessAreas) await upsertBusinessArea(tx, organisationId, a);
      for (const c of manifest.categories) await upsertCategory(tx, organisationId, c);
      const enrolledBy = manifest.users.find((u) => u.roles.includes('administrator'))?.id ?? manifest.users[0]?.id;
      await insertDesk(tx, {
        id: manifest.desk.id,
        organisationId,
        deskCode: manifest.desk.deskCode,
        name: manifest.desk.name,
        enrolledBy: enrolledBy ?? '',
        nowIso,
      });
    });

    // The demo's history is dated up to its last step: the replay runs "as of" then, so none of it counts as
    // a desk clock running ahead of the server's.
    const latest = Math.max(Date.now(), ...manifest.mutations.map((m) => Date.parse(m.payload.context.now)));
    const deps = {
      db,
      nowMs: () => Math.max(Date.now(), latest + 1_000),
      nowIso: () => new Date(Math.max(Date.now(), latest + 1_000)).toISOString(),
      hlc: new ServerHlc(),
      settings: { region: manifest.organisation.region as 'england-and-wales', profileAssignments: [] },
    };
    const users = new Map(manifest.users.map((u) => [u.id, u]));
    const results: PushResult[] = [];
    let i = 0;
    while (i < manifest.mutations.length) {
      const actorId = manifest.mutations[i]?.actorId ?? '';
      let j = i;
      while (j < manifest.mutations.length && j - i < 500 && manifest.mutations[j]?.actorId === actorId) j++;
      const user = users.get(actorId);
      const run = manifest.mutations.slice(i, j);
      if (!user) {
        for (const m of run) results.push({ mutationId: m.mutationId, status: 'rejected', reason: 'unknown-actor' });
      } else {
        const response = await handlePush(
          deps,
          {
            userId: user.id,
            roles: user.roles,
            teamId: user.teamId,
            deskId: manifest.desk.id,
            deskCode: manifest.desk.deskCode,
            organisationId,
          },
          // Checked like a push over HTTP is.
          pushRequestSchema.parse({ protocolVersion: SYNC_PROTOCOL_VERSION, deskId: manifest.desk.id, mutations: run }),
        );
        results.push(...response.results);
      }
      i = j;
    }
    const answers = results.map((r) => ({
      mutationId: r.mutationId,
      status: r.status,
      reason: r.reason,
      message: r.message,
    }));
    process.stdout.write(JSON.stringify({ organisationId, results: answers }) + '\n');
    return 0;
  } finally {
    await db.close();
  }
}

process.exitCode = await main();
