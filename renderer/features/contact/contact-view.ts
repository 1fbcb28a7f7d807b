// The contact view and a person's or property's records, in their own chunk: fetched the first time a search hit
// opens one (see app/preloadable.ts), so the workspace's first load does not carry them.
import { preloadable } from '../../app/preloadable.js';

export const ContactDetailView = preloadable(() => import('./ContactDetail.js').then((m) => m.ContactDetail));
export const RecordsView = preloadable(() => import('./Records.js').then((m) => m.Records));
