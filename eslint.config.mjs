// One type-aware ESLint config for the workspace (docs/contributing.md, style rule 15).
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
  // A switch over a union without a `default` must name every member.
  '@typescript-eslint/switch-exhaustiveness-check': [
    'error',
    { considerDefaultExhaustiveForUnions: true },
  ],
  'max-lines': ['error', { max: 300 }],
}

/**
 * Which code may import what (docs/contributing.md, style rule 2). Each entry is one `no-restricted-imports` zone; the
 * zones do not overlap, since a later ESLint config for the same rule replaces an earlier one.
 */
const restrict = (files, groups, message) => ({
  files,
  ignores: ['**/*.test.ts', '**/test/**'],
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }] },
})
export const importZones = [
  restrict(
    ['packages/**/*.ts'],
    [
      '@wxlogin/server*',
      '@wxlogin/miniapp*',
      '@wxlogin/wechat-sim*',
      '@wxlogin/admin*',
      '**/apps/**',
    ],
    'Packages never import apps: apps depend on packages, not the other way.',
  ),
  restrict(
    ['apps/server/src/store/**/*.ts'],
    ['**/modules/**', '**/http/**', 'koa', '@koa/*'],
    'The store implements a port: it never imports features or the HTTP layer.',
  ),
  restrict(
    ['apps/server/src/modules/**/*.service.ts', 'apps/server/src/modules/**/*.repo.ts'],
    ['**/http/**', 'koa', '@koa/*'],
    'Services never see the HTTP layer (docs/contributing.md, style rule 1): routes parse, call and respond.',
  ),
  restrict(
    ['apps/wechat-sim/src/**/*.ts'],
    ['@wxlogin/server*', '@wxlogin/miniapp*', '@wxlogin/shared*'],
    'The simulator stands in for WeChat: it knows WeChat, not wxlogin.',
  ),
]

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
      'apps/admin/**',
      'bench/results/**',
      '**/*.d.mts',
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
  ...importZones,
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/*.mjs', '**/*.js'],
    rules: { ...testRules, 'max-lines': 'off' },
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
