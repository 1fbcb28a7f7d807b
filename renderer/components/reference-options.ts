// The options of a category or business-area select, without the DOM. The reference data lists the keys offered
// now; a record may hold a key that is no longer offered (retired centrally) or arrive before the reference data
// has loaded. Such a key is kept as an option of its own, so the select shows what the record holds rather than
// "None", and a save that does not touch the field leaves it as it is.
import type { ReferenceData } from '../../shared/contracts/desk-api.js';

export interface ReferenceOption {
  readonly key: string;
  readonly name: string;
}

/** The reference data's options, with the current key after them when the list does not have it. */
export function referenceOptions(
  list: readonly ReferenceOption[] | undefined,
  value: string,
): readonly ReferenceOption[] {
  const options = list ?? [];
  if (!value || options.some((o) => o.key === value)) return options;
  // Before the list has loaded the key is all there is to show; once it has, the key is one it no longer offers.
  return [...options, { key: value, name: list ? `${value} (no longer offered)` : value }];
}

/** A category names its usual business area: choosing one sets it, keeping the area chosen when it names none. */
export function areaForCategory(
  categories: ReferenceData['categories'] | undefined,
  categoryKey: string,
  businessAreaKey: string,
): string {
  return categories?.find((c) => c.key === categoryKey)?.businessAreaKey ?? businessAreaKey;
}
