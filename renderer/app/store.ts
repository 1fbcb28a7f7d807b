import { configureStore } from '@reduxjs/toolkit';
import { setupListeners } from '@reduxjs/toolkit/query';
import { deskApi } from '../api/desk-api.js';
import { uiSlice } from './ui-slice.js';

export function makeStore() {
  const store = configureStore({
    reducer: { [deskApi.reducerPath]: deskApi.reducer, ui: uiSlice.reducer },
    middleware: (getDefault) => getDefault().concat(deskApi.middleware),
  });
  setupListeners(store.dispatch);
  return store;
}

export type AppStore = ReturnType<typeof makeStore>;
export type RootState = ReturnType<AppStore['getState']>;
export type AppDispatch = AppStore['dispatch'];
