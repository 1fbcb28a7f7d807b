// js-yaml arrives with electron-builder (which reads electron-builder.yml with it) and ships no types.
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
