// The renderer's copies of the use cases' vocabularies must not drift from shared/app.
import { describe, expect, it } from 'vitest';
import { AUTHORISATION_KINDS, RELATIONSHIPS, ROLES } from '../../shared/app/ports.js';
import { CHANNELS } from '../../shared/app/use-cases.js';
import * as v from '../../shared/contracts/vocabulary.js';

describe('contract vocabulary', () => {
  it('matches shared/app', () => {
    expect(v.CHANNELS).toEqual(CHANNELS);
    expect(v.RELATIONSHIPS).toEqual(RELATIONSHIPS);
    expect(v.AUTHORISATION_KINDS).toEqual(AUTHORISATION_KINDS);
    expect(v.ROLES).toEqual(ROLES);
    expect(Object.keys(v.CHANNEL_LABELS)).toEqual([...CHANNELS]);
  });
});
