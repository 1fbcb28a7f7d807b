// The Fluent themes. Light, the default, is in the page's start; dark and high contrast are built only when someone
// chooses them (their own chunk): Fluent builds each theme's ~500 tokens when its module is evaluated, and building
// all three took ~10 ms of the page's start, measured in a CPU profile of the launch.
import { webLightTheme, type Theme } from '@fluentui/react-components';
import type { ThemeName } from './ui-slice.js';

const built: Partial<Record<ThemeName, Theme>> = { light: webLightTheme };

/** The theme if it has been built already. */
export function themeIfBuilt(name: ThemeName): Theme | undefined {
  return built[name];
}

/** Builds the theme (once) and gives it. */
export async function buildTheme(name: ThemeName): Promise<Theme> {
  const have = built[name];
  if (have) return have;
  const { OTHER_THEMES } = await import('./other-themes.js');
  return (built[name] = OTHER_THEMES[name]);
}
