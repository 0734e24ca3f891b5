import cds from '@sap/cds/eslint.config.mjs'
import cdsPlugin from '@sap/eslint-plugin-cds'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['@cds-models/', 'gen/', 'coverage/', 'test-results/', '**/node_modules/', '**/dist/'] },
  ...cds.recommended,
  cdsPlugin.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // CAP's query builders are thenables by design
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // event listeners like `() => LOG.info(…)` read better as expressions
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // `throw req.reject(…)` is CAP's idiom: reject throws itself and is typed never
      '@typescript-eslint/only-throw-error': 'off',
      // cds-typer types entities as classes, yet rows are plain objects
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    files: ['test/**/*.ts', '**/test/**/*.ts'],
    rules: {
      // HTTP responses and jest matchers are untyped by nature
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // tests spoil inputs on purpose
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // command-line reports print to the console by design
    files: ['bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
  },
)
