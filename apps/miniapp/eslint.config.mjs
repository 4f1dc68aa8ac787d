// ESLint for the mini-program's TypeScript and test scripts (.vue files are checked by vue-tsc;
// eslint-plugin-vue is not installed). The root config leaves apps/miniapp to this file.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { sourceRules, testRules } from '../../eslint.config.mjs'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'e2e/screenshots/**', '**/*.vue'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { uni: 'readonly', wx: 'readonly', getApp: 'readonly', getCurrentPages: 'readonly' },
    },
    rules: sourceRules,
  },
  {
    files: ['tests/**', 'tests-mp/**', 'e2e/**', '*.config.*'],
    rules: {
      ...testRules,
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.mts', 'vite.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['e2e/**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        localStorage: 'readonly',
        globalThis: 'readonly',
      },
    },
  },
)
