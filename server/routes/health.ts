// Liveness says the process answers; readiness says it can do work: the database answers and its schema is
// the one this build expects. A balancer sends traffic only to ready servers.
import type { FastifyInstance } from 'fastify';
import { schemaVersion } from '../../db/postgres/migrations.js';
import type { ServerContext } from '../context.js';

const READY_TIMEOUT_MS = 2000;

export function healthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/health', { config: { public: true } }, async () => ({ status: 'ok' }));

  app.get('/ready', { config: { public: true } }, async (_request, reply) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const version = await Promise.race([
        schemaVersion(ctx.db),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('the database did not answer in time')), READY_TIMEOUT_MS);
        }),
      ]);
      if (version !== ctx.expectedSchemaVersion) {
        return reply.status(503).send({
          status: 'not-ready',
          reason: `database schema is at version ${version ?? 'none'}, this build needs ${ctx.expectedSchemaVersion}`,
        });
      }
      return { status: 'ready', database: ctx.db.kind, schemaVersion: version };
    } catch (e) {
      return reply.status(503).send({ status: 'not-ready', reason: `database unavailable: ${(e as Error).message}` });
    } finally {
      clearTimeout(timer);
    }
  });
}
