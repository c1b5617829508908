// Points the git-resolved entries of npm-shrinkwrap.json files at the npm registry, so that code-server's
// postinstall (`npm install` in lib/vscode and lib/vscode/extensions) needs nothing but the registry: e.g.
// code-server 4.96.4 pins @vscode/proxy-agent to a GitHub commit whose tarball is byte-identical to 0.27.0 on
// npm. The entry's `integrity` is kept, so npm refuses a registry tarball that differs from the pinned one.
// Usage: node scripts/shrinkwrap-from-registry.mjs REGISTRY_URL FILE...
import fs from 'node:fs';

const [registry, ...files] = process.argv.slice(2);
if (!registry || files.length === 0) {
  console.error('usage: node scripts/shrinkwrap-from-registry.mjs REGISTRY_URL FILE...');
  process.exit(2);
}
const base = registry.replace(/\/+$/, '');

for (const file of files) {
  const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
  let changed = 0;
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (!/^git\+|^github:|^https:\/\/codeload\.github\.com\//.test(entry.resolved ?? '')) continue;
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!entry.version || !entry.integrity) {
      console.error(`${file}: ${name} is resolved from git without a version and integrity; cannot use the registry`);
      process.exit(1);
    }
    const tarball = `${base}/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`;
    console.log(`${file}: ${name}@${entry.version} from the registry instead of ${entry.resolved}`);
    entry.resolved = tarball;
    changed++;
  }
  if (changed) fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
}
