// Lint rules that carry architecture: the kernel never imports a module, modules only meet through index.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.tmp/', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Blob: 'readonly', URLSearchParams: 'readonly', NodeJS: 'readonly', AbortController: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through kernel/config (loadConfig), not process.env.' }],
    },
  },
  {
    // Progressive-enhancement scripts served to browsers (plain JS, no build step).
    files: ['src/**/assets/*.js'],
    languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', crypto: 'readonly', TextEncoder: 'readonly', fetch: 'readonly', setTimeout: 'readonly', setInterval: 'readonly' } },
  },
  {
    files: ['src/kernel/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/modules/**', '../platform*', '../../platform*', '**/demo/**'], message: 'The kernel never imports a module: modules depend on the kernel, not the other way round.' }] }],
    },
  },
  {
    files: ['src/modules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+kernel/(?!index\\.ts$)', message: 'Modules use the kernel through src/kernel/index.ts only.' },
            { regex: '^(\\.\\./)+modules/[^/]+/(?!index\\.ts$)', message: 'Another module is entered only through its index.ts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/kernel/config/config.ts', 'src/kernel/db/testing.ts', 'scripts/**', 'bench/**', 'e2e/**', 'src/testing/**', '**/*.test.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
