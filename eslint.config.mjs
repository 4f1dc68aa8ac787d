// One type-aware ESLint config for the workspace (STYLE.md 15).
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** The workspace's rules for source code; apps/miniapp/eslint.config.mjs uses them too. */
export const sourceRules = {
  '@typescript-eslint/consistent-type-imports': 'error',
  '@typescript-eslint/no-unused-vars': [
    'error',
    { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
  ],
  'no-console': 'error',
}

/** Tests may print; test doubles mirror async interfaces without awaiting; `any` bodies are asserted on. */
export const testRules = {
  'no-console': 'off',
  '@typescript-eslint/require-await': 'off',
  '@typescript-eslint/no-unsafe-member-access': 'off',
  '@typescript-eslint/no-unsafe-assignment': 'off',
  '@typescript-eslint/no-unsafe-argument': 'off',
  '@typescript-eslint/no-unsafe-return': 'off',
  '@typescript-eslint/no-explicit-any': 'off',
}

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.turbo/**',
      '**/coverage/**',
      'apps/miniapp/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: sourceRules,
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/*.mjs', '**/*.js'],
    rules: testRules,
  },
  {
    // Plain JS scripts (bench, scripts, configs) are in no tsconfig: lint them without types.
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { ...globals.node },
    },
  },
)
