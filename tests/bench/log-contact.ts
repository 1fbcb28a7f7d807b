// "Log a contact (use case end to end)": the real logContact use case on the benchmark store: zod validation,
// the rules, and one transaction writing the contact, the person, the timeline event, the audit entry (hash
// chained) and the outbox entry. Each call is a new caller on the phone.
import { logContact } from '../../shared/app/use-cases.js';
import type { Actor } from '../../shared/app/ports.js';
import { createDeskDeps } from '../../db/sqlite/desk-core.js';
import type { DeskDatabase } from '../../db/sqlite/index.js';

export type LogContactBench = (i: number) => void;

const CHANNELS = ['phone', 'email', 'web-form', 'live-chat', 'letter'] as const;

export function logContactBench(desk: DeskDatabase): LogContactBench | null {
  const user = desk.db
    .prepare(
      `SELECT u.id, u.team_id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role_key = 'agent' ORDER BY u.id LIMIT 1`,
    )
    .get() as { id: string; team_id: string | null } | undefined;
  const identity = desk.db.prepare('SELECT desk_id FROM desk_identity').get() as { desk_id: string } | undefined;
  if (!user || !identity) return null;
  const actor: Actor = { userId: user.id, roles: ['agent'], teamId: user.team_id, deskId: identity.desk_id };
  const deps = createDeskDeps(desk, { settings: { region: 'england-and-wales', profileAssignments: [] } });
  return (i) => {
    const r = logContact(deps, actor, {
      channel: CHANNELS[i % CHANNELS.length],
      madeBy: 'resident',
      person: {
        givenName: 'Bench',
        familyName: `Caller${i}`,
        phone: `07700 9${String(i % 100000).padStart(5, '0')}`,
        postcode: 'SE15 4TW',
        addressLine1: `${(i % 200) + 1} Brayards Road`,
        town: 'London',
      },
      whatHappened: 'Called about a leak from the flat above; the repair was booked but nobody came on the day.',
      outcomeWanted: 'A new appointment this week.',
      dissatisfaction: i % 3 === 0,
    });
    if (!r.ok) throw new Error(`log a contact failed: ${JSON.stringify(r.error)}`);
  };
}
