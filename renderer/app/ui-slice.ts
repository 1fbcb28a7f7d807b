// UI state that is not the desk's data: the theme (remembered on this computer) and the current route.
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export type ThemeName = 'light' | 'dark' | 'high-contrast';
const THEME_KEY = 'desk:theme';

function savedTheme(): ThemeName {
  try {
    const t = window.localStorage.getItem(THEME_KEY);
    if (t === 'light' || t === 'dark' || t === 'high-contrast') return t;
  } catch {
    // Storage can be unavailable (privacy settings); the default theme is fine.
  }
  return 'light';
}

export interface UiState {
  readonly theme: ThemeName;
}

export const uiSlice = createSlice({
  name: 'ui',
  initialState: (): UiState => ({ theme: savedTheme() }),
  reducers: {
    setTheme(state, action: PayloadAction<ThemeName>) {
      try {
        window.localStorage.setItem(THEME_KEY, action.payload);
      } catch {
        // Not remembered; still applied.
      }
      return { ...state, theme: action.payload };
    },
  },
});

export const { setTheme } = uiSlice.actions;
