// Mocha runner loaded inside the real extension host. VS Code (code-server in CI via
// scripts/run-vscode-tests.mjs, desktop via test/runTest.ts) `require`s the bundled
// out/test/integration/index.js and awaits `run()`: resolve = all passed, reject = failures.
//
// esbuild bundles every test/integration/*.ts into its own out/test/integration/*.js, so the test
// files are not imported here: mocha `require`s the sibling *.test.js files at run time (sorted, so
// the order is stable) after defining the BDD globals (`describe`, `it`, hooks).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // VELT_TEST_GREP (from the environment of the runner) runs a subset while working on one area.
  const grep = process.env.VELT_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000, ...(grep ? { grep } : {}) });
  const files = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  if (files.length === 0) {
    console.log('0 passed, 1 failed');
    return Promise.reject(new Error(`no *.test.js files in ${__dirname}; run \`node esbuild.mjs\``));
  }
  for (const name of files) mocha.addFile(path.join(__dirname, name));

  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        const passed = stats?.passes ?? 0;
        const failed = stats?.failures ?? failures;
        const pending = stats?.pending ?? 0;
        console.log(`integration: ${files.length} test files, ${pending} pending`);
        // The closing line CI and scripts/test.mjs read; keep it on a line of its own.
        console.log(`${passed} passed, ${failed} failed`);
        if (failed > 0 || failures > 0) {
          const error = new Error(`${failed || failures} integration test(s) failed`);
          error.stack = error.message; // the failures were reported above; no runner stack
          reject(error);
        } else {
          resolve();
        }
      });
    } catch (err: unknown) {
      // A test file that throws while loading (or a mocha setup error) lands here; the extension host
      // prints the rejection with its stack.
      console.log('integration: could not load the suite');
      console.log('0 passed, 1 failed');
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
