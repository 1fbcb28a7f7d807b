// Flat config. The layering of ARCHITECTURE.md is enforced by build/eslint/layering.js, and shared/ is
// kept deterministic: its time and randomness come in through ports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layering from './build/eslint/layering.js';

const clockAndRandomness = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'shared/ is deterministic: take the time from the Clock port, not Date.now().',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'shared/ is deterministic: `new Date()` reads the wall clock; take the time from the Clock port.',
  },
  {
    selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
    message: 'shared/ is deterministic: take randomness from a seeded port, not Math.random().',
  },
  {
    selector: "CallExpression[callee.object.name='performance'][callee.property.name='now']",
    message: 'shared/ is deterministic: no performance.now().',
  },
  {
    selector: "MemberExpression[object.name='crypto']",
    message: 'shared/ is deterministic: ids and randomness come in through ports.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      'release/**',
      '.data/**',
      '.bench/**',
      'coverage/**',
      'tests/tooling/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    plugins: { layering },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      'layering/imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...clockAndRandomness],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'shared/ runs anywhere: no process.' },
        { name: 'window', message: 'shared/ runs anywhere: no DOM.' },
        { name: 'document', message: 'shared/ runs anywhere: no DOM.' },
        { name: 'localStorage', message: 'shared/ runs anywhere: no DOM.' },
        { name: 'Buffer', message: 'shared/ runs anywhere: no Node.' },
        { name: 'setTimeout', message: 'shared/ is synchronous and deterministic.' },
        { name: 'setInterval', message: 'shared/ is synchronous and deterministic.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly' },
    },
  },
);
