// The sync endpoints, injected into the one RTK Query API (renderer/api/desk-api.ts): "Sync now" and the list
// of changes the server refused. The status itself is deskApi's syncStatus query (tag 'Sync').
import type { DeskApiError, DeskApiOutputs } from '../../../shared/contracts/desk-api.js';
import { deskApi } from '../../api/desk-api.js';
import { callDesk } from '../../api/transport.js';

export const syncApi = deskApi.injectEndpoints({
  endpoints: (b) => ({
    syncNow: b.mutation<DeskApiOutputs['syncNow'], undefined>({
      queryFn: async () => {
        const r = await callDesk('syncNow', {});
        return r.ok ? { data: r.value } : { error: r.error as DeskApiError };
      },
      // What a sync pulled can change every view.
      invalidatesTags: ['Sync', 'Work', 'Case', 'Queue', 'Reference'],
    }),
    syncRejections: b.query<DeskApiOutputs['syncRejections'], undefined>({
      queryFn: async () => {
        const r = await callDesk('syncRejections', { limit: 100 });
        return r.ok ? { data: r.value } : { error: r.error as DeskApiError };
      },
      providesTags: ['Sync'],
    }),
  }),
});

export const { useSyncNowMutation, useSyncRejectionsQuery } = syncApi;
