// Server-made ids are UUIDv7 (time-ordered, so indexes stay compact), built by the shared formatter.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../shared/app/ports.js';
import { uuidv7 } from '../shared/domain/ids.js';
import { nowMs } from './clock.js';

export function newId(clock: Clock): string {
  return uuidv7(nowMs(clock), randomBytes(10));
}
