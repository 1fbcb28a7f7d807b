-- A resent mutation (its answer was lost) is answered from the ledger with the change-log position it
-- produced (sync-store.ts storedMutations): without this index that lookup scanned the whole change log while
-- holding the lock every push waits on.
CREATE INDEX changes_mutation ON changes (mutation_id) WHERE mutation_id IS NOT NULL;
