// Lint: typescript-eslint's recommended rules plus the type-aware promise rules. Formatting is Prettier's job.
//
// Promises nobody awaits (no-floating-promises keeps ignoreVoid on, so this rule is kept in review):
// - work that can fail meaningfully (a load, a refresh, a command that opens or pins) goes through
//   `runInBackground(log, 'What failed', promise)` from src/log.ts, so a rejection reaches the log saying what failed;
// - `void` is only for promises that cannot usefully fail: VS Code's `window.show*Message(...)` and `setContext`
//   whose result is unused, promises that catch everything themselves (say so in a comment where it is not obvious,
//   e.g. in vscode-free modules that have no log), and src/sandbox (Node only, no log channel).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'shots/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
