// Every refusal is an HttpError with a stable machine code and a sentence for people; the error handler
// turns it (and Fastify's own 4xx errors) into `{ error, message }` and never leaks a stack trace.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function parseWith<T extends z.ZodType>(schema: T, input: unknown, what = 'request body'): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues
    .slice(0, 10)
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
  throw new HttpError(400, 'invalid-request', `The ${what} is not valid: ${issues.join('; ')}`, { issues });
}

/** Fastify's codes for bodies it could not read, mapped to our stable codes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid-content-length',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty-body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-json',
};

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      if (error.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(error.statusCode).send({ error: error.code, message: error.message, ...error.extra });
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code =
        (error.code && FASTIFY_CODES[error.code]) ?? (error instanceof SyntaxError ? 'malformed-json' : 'bad-request');
      request.log.info({ code: error.code, status }, 'request refused');
      return reply.status(status).send({ error: code, message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: 'internal', message: 'The server could not complete the request.' });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: 'not-found', message: `No route ${request.method} ${request.url}.` });
  });
}
