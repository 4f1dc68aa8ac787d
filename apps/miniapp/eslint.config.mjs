// ESLint for the mini-program: TypeScript with type information, `.vue` files with
// eslint-plugin-vue (their types are checked by vue-tsc, so type-aware rules stay off there).
import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'
import { sourceRules, testRules } from '../../eslint.config.mjs'

/** The mini-program talks to the server over HTTP only (docs/contributing.md, style rule 2). */
const noServerImports = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['@wxlogin/server*', '@wxlogin/wechat-sim*', '@wxlogin/admin*', '**/apps/**'],
          message: 'The mini-program never imports the server, the simulator or the console.',
        },
      ],
    },
  ],
}

const globals = { uni: 'readonly', wx: 'readonly', getApp: 'readonly', getCurrentPages: 'readonly' }

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals,
    },
    rules: { ...sourceRules, ...noServerImports },
  },
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.vue'],
        sourceType: 'module',
      },
      globals,
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      '@typescript-eslint/switch-exhaustiveness-check': 'off',
      // uni-app pages are addressed by their folder (pages/login/index.vue).
      'vue/multi-word-component-names': 'off',
      // Formatting is prettier's job.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['tests/**', 'tests-mp/**', 'e2e/**', '*.config.*'],
    rules: {
      ...testRules,
      'max-lines': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.mts', 'vite.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['e2e/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        globalThis: 'readonly',
        // Inside page.evaluate() callbacks, which run in the browser.
        localStorage: 'readonly',
        document: 'readonly',
        window: 'readonly',
        requestAnimationFrame: 'readonly',
        getComputedStyle: 'readonly',
      },
    },
  },
)
