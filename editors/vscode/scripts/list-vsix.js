#!/usr/bin/env node
'use strict';
// Lists a .vsix (a zip): the extension's own files one by one, its packed node_modules one line per
// package; then checks that what the extension needs is inside and that no test or build tool is.
// Usage: node scripts/list-vsix.js FILE.vsix
const yauzl = require('yauzl');

const required = [
  'extension/package.json',
  'extension/readme.md',
  'extension/LICENSE.txt',
  'extension/language-configuration.json',
  'extension/syntaxes/fsm.tmLanguage.json',
  'extension/src/extension.js',
  'extension/src/fsmTool.js',
  'extension/src/diagram.js',
  'extension/node_modules/vscode-languageclient/package.json',
  'extension/node_modules/vscode-languageclient/lib/node/main.js',
  'extension/node_modules/vscode-languageserver-protocol/lib/node/main.js',
  'extension/node_modules/vscode-jsonrpc/lib/node/main.js',
  'extension.vsixmanifest',
];
const forbidden = [
  /^extension\/test\//,
  /^extension\/scripts\//,
  /^extension\/ci\.sh$/,
  /^extension\/node_modules\/(@vscode\/vsce|vscode-textmate|vscode-oniguruma|yauzl)\//,
];

function entries(file) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const found = [];
      zip.on('entry', (entry) => {
        found.push({ name: entry.fileName, size: entry.uncompressedSize });
        zip.readEntry();
      });
      zip.on('end', () => resolve(found));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

function size(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${bytes} B`;
}

async function main(file) {
  const all = (await entries(file)).filter((e) => !e.name.endsWith('/'));
  const packages = new Map();
  console.log(`${file}:`);
  for (const entry of all) {
    const match = entry.name.match(/^extension\/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (match) {
      const total = packages.get(match[1]) ?? { files: 0, size: 0 };
      packages.set(match[1], { files: total.files + 1, size: total.size + entry.size });
    } else {
      console.log(`  ${size(entry.size).padStart(9)}  ${entry.name}`);
    }
  }
  for (const [name, total] of [...packages].sort()) {
    console.log(`  ${size(total.size).padStart(9)}  extension/node_modules/${name}/ (${total.files} files)`);
  }
  const bytes = all.reduce((sum, e) => sum + e.size, 0);
  console.log(`  ${all.length} files, ${size(bytes)} uncompressed`);

  const names = new Set(all.map((e) => e.name));
  const missing = required.filter((name) => !names.has(name));
  const unwanted = all.map((e) => e.name).filter((name) => forbidden.some((pattern) => pattern.test(name)));
  for (const name of missing) console.log(`error: ${name} is not in the .vsix`);
  for (const name of unwanted.slice(0, 20)) console.log(`error: ${name} should not be in the .vsix`);
  return missing.length === 0 && unwanted.length === 0;
}

main(process.argv[2]).then(
  (ok) => { process.exitCode = ok ? 0 : 1; },
  (error) => { console.error(`error: cannot read ${process.argv[2]}: ${error.message}`); process.exitCode = 1; });
