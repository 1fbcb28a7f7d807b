// Where a search hit opens, as plain data (no DOM here, so Node tests can check every kind is handled).
import type { SearchHit } from '../../../shared/contracts/desk-api.js';
import type { Route } from '../../app/routes.js';

/**
 * Where each kind of hit opens: a complaint its case, a contact its own view, a person or a property the list of
 * their contacts and cases.
 */
export function routeOfHit(h: Pick<SearchHit, 'kind' | 'id'>): Route {
  switch (h.kind) {
    case 'complaint':
      return { view: 'case', id: h.id };
    case 'contact':
      return { view: 'contact', id: h.id };
    case 'person':
    case 'property':
      return { view: 'records', kind: h.kind, id: h.id };
  }
}
