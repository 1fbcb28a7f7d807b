// Replaying a desk's mutation exactly: the same use case, run against another store (the server's, or another
// desk's in tests), with the time, ids and references the desk decided. Everything else — validation, the
// rules engine, permissions, the state it runs against — is the replaying side's own.
import type { DeskRepository, UseCaseDeps } from './ports.js';
import type { MutationPayload } from './use-cases.js';

export class ReplayExhausted extends Error {
  constructor(what: string) {
    super(`the mutation's payload does not carry enough ${what} for this use case`);
    this.name = 'ReplayExhausted';
  }
}

/** The mutation as the desk sent it: its id and HLC, and its payload. */
export interface ReplayedMutation {
  readonly mutationId: string;
  readonly hlc: string;
  readonly payload: MutationPayload;
}

export function replayDeps(base: Omit<UseCaseDeps, 'clock' | 'ids'>, mutation: ReplayedMutation): UseCaseDeps {
  const { payload, hlc } = mutation;
  // A use case takes its ids first and its mutation id last (use-cases.ts, record()).
  const ids = [...payload.context.ids, mutation.mutationId];
  const references = [...payload.context.references];
  return {
    ...base,
    clock: { nowIso: () => payload.context.now, today: () => payload.context.today },
    ids: {
      next: () => {
        const id = ids.shift();
        if (id === undefined) throw new ReplayExhausted('ids');
        return id;
      },
    },
    hlc: { next: () => hlc },
    uow: {
      run: (work) =>
        base.uow.run((inner) => {
          const repo: DeskRepository = Object.create(inner) as DeskRepository;
          repo.nextReference = () => {
            const ref = references.shift();
            if (ref === undefined) throw new ReplayExhausted('references');
            return ref;
          };
          return work(repo);
        }),
    },
  };
}
