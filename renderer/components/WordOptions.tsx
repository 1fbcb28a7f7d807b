// A select's options for a vocabulary (relationships, authority to act, conversion reasons, …): each key's value,
// and its words (shared/contracts/vocabulary.ts) as the label.
import { words } from '../../shared/contracts/vocabulary.js';

export function WordOptions({ keys }: { keys: readonly string[] }) {
  return (
    <>
      {keys.map((k) => (
        <option key={k} value={k}>
          {words(k)}
        </option>
      ))}
    </>
  );
}
