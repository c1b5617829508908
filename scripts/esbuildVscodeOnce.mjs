// esbuild plugin for the extension bundle. `import * as vscode from 'vscode'` in a CommonJS bundle becomes
// `__toESM(require('vscode'))` in every module that imports it (33 in the extension), and each call copies
// every property of the API object: measurable in activation. The plugin routes all of them through one ES
// module that re-exports `vscode` once. Used by esbuild.mjs; test/unit/vscodeOnce.test.ts checks it.
export const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once'
        ? { path: 'vscode', external: true }
        : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({
      contents: "export * from 'vscode';",
      loader: 'js',
    }));
  },
};
