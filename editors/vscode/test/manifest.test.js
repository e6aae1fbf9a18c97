'use strict';
// package.json, the language configuration and the grammar agree with each other and with the files.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { extensionRoot } = require('./tokenize');

const manifest = JSON.parse(fs.readFileSync(path.join(extensionRoot, 'package.json'), 'utf8'));
const readJson = (relative) => JSON.parse(fs.readFileSync(path.join(extensionRoot, relative), 'utf8'));

test('the fsm language: .fsm files, with its configuration and grammar', () => {
  const [language] = manifest.contributes.languages;
  assert.equal(language.id, 'fsm');
  assert.deepEqual(language.extensions, ['.fsm']);
  const [grammar] = manifest.contributes.grammars;
  assert.equal(grammar.language, 'fsm');
  assert.equal(readJson(grammar.path).scopeName, grammar.scopeName);
  assert.equal(grammar.scopeName, 'source.fsm');
  assert.ok(readJson(language.configuration).comments);
  assert.ok(fs.existsSync(path.join(extensionRoot, manifest.main)), manifest.main);
});

test('commands are in the TcpFsmGen category, Show Diagram among them', () => {
  const commands = manifest.contributes.commands;
  for (const command of commands) assert.equal(command.category, 'TcpFsmGen', command.command);
  const diagram = commands.find((c) => c.command === 'tcpfsmgen.showDiagram');
  assert.equal(`${diagram.category}: ${diagram.title}`, 'TcpFsmGen: Show Diagram');
});

test('settings for the server program and its arguments', () => {
  const properties = manifest.contributes.configuration.properties;
  assert.equal(properties['tcpfsmgen.server.path'].type, 'string');
  assert.equal(properties['tcpfsmgen.server.path'].default, 'fsm');
  assert.equal(properties['tcpfsmgen.server.args'].type, 'array');
  assert.deepEqual(properties['tcpfsmgen.server.args'].default, []);
});

test("the language client's VS Code range fits the extension's", () => {
  const client = JSON.parse(fs.readFileSync(path.join(extensionRoot, 'node_modules', 'vscode-languageclient', 'package.json'), 'utf8'));
  const minimum = (range) => range.replace(/^[\^~>=]+/, '').split('.').map(Number);
  const [ours, theirs] = [minimum(manifest.engines.vscode), minimum(client.engines.vscode)];
  assert.ok(ours[0] > theirs[0] || (ours[0] === theirs[0] && ours[1] >= theirs[1]),
    `engines.vscode ${manifest.engines.vscode} is below vscode-languageclient's ${client.engines.vscode}`);
  assert.deepEqual(Object.keys(manifest.dependencies), ['vscode-languageclient']);
});

test('comments, brackets, and indentation on braces', () => {
  const configuration = readJson('language-configuration.json');
  assert.deepEqual(configuration.comments, { lineComment: '//', blockComment: ['/*', '*/'] });
  assert.deepEqual(configuration.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
  for (const [open, close] of configuration.brackets) {
    assert.ok(configuration.autoClosingPairs.some((p) => p.open === open && p.close === close), open);
  }
  const increase = new RegExp(configuration.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(configuration.indentationRules.decreaseIndentPattern);
  assert.ok(increase.test('state Opened {'));
  assert.ok(increase.test('  state Shut {                        // a composite state'));
  assert.ok(!increase.test('state Idle { ignore Go; }'));
  assert.ok(!increase.test('// state Opened {'));
  assert.ok(!increase.test('  on Close -> Closed;'));
  assert.ok(decrease.test('  }'));
  assert.ok(!decrease.test('  ignore Open;'));
});

test('a word is an identifier in any script, or a whole duration', () => {
  const { pattern, flags } = readJson('language-configuration.json').wordPattern;
  const word = new RegExp(pattern, `${flags}g`);
  assert.deepEqual('on Schließen [IsOk] -> Geöffnet / Log_2;'.match(word), ['on', 'Schließen', 'IsOk', 'Geöffnet', 'Log_2']);
  assert.deepEqual('after 250ms -> X;'.match(word), ['after', '250ms', 'X']);
});

test("the grammar's includes all name rules it has", () => {
  const grammar = readJson(manifest.contributes.grammars[0].path);
  const names = new Set(Object.keys(grammar.repository));
  const includes = [];
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if (typeof node.include === 'string') includes.push(node.include);
      Object.values(node).forEach(walk);
    }
  };
  walk(grammar);
  assert.ok(includes.length > 20);
  for (const include of includes) assert.ok(names.has(include.slice(1)), `${include} is not in the repository`);
  const unused = [...names].filter((name) => !includes.includes(`#${name}`));
  assert.deepEqual(unused, [], 'every rule of the repository is used');
});
