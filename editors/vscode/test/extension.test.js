'use strict';
// src/extension.js with stand-ins for the `vscode` module and the language client: which commands it
// registers, how it starts the server, and what the diagram command puts beside the editor. (VS Code itself
// cannot be downloaded here; the grammar, the tool's arguments and the diagram's page have their own tests.)
const { test, beforeEach, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');

const manifest = require('../package.json');

class Uri {
  constructor(fsPath, scheme = 'file') {
    this.fsPath = fsPath;
    this.scheme = scheme;
  }
  toString() {
    return `${this.scheme}://${this.fsPath}`;
  }
}

/** A fresh stand-in for the parts of the VS Code API that the extension uses, recording what it is asked. */
function fakeVscode(settings) {
  const listeners = { change: [], save: [], configuration: [] };
  const record = { commands: new Map(), errors: [], infos: [], panels: [], listeners, settings };
  const subscribe = (list) => (listener) => {
    list.push(listener);
    return { dispose() {} };
  };
  const vscode = {
    Uri,
    ViewColumn: { Beside: -2 },
    version: '1.95.0',
    workspace: {
      workspaceFolders: undefined,
      textDocuments: [],
      getWorkspaceFolder: () => undefined,
      getConfiguration: (section) => ({ get: (key) => settings[`${section}.${key}`] }),
      onDidChangeTextDocument: subscribe(listeners.change),
      onDidSaveTextDocument: subscribe(listeners.save),
      onDidChangeConfiguration: subscribe(listeners.configuration),
    },
    window: {
      activeTextEditor: undefined,
      createOutputChannel: (name) => ({ name, show() {}, info() {}, error() {}, dispose() {} }),
      showErrorMessage: (message) => {
        record.errors.push(message);
        return Promise.resolve(undefined);
      },
      showInformationMessage: (message) => {
        record.infos.push(message);
        return Promise.resolve(undefined);
      },
      createWebviewPanel: (viewType, title, showOptions, options) => {
        const panel = {
          viewType, title, showOptions, options, webview: { html: '' }, revealed: 0,
          reveal() { this.revealed++; },
          onDidDispose(listener) { this.disposeListener = listener; },
          dispose() { this.disposeListener?.(); },
        };
        record.panels.push(panel);
        return panel;
      },
    },
    commands: {
      registerCommand: (id, handler) => {
        record.commands.set(id, handler);
        return { dispose() {} };
      },
      executeCommand: () => Promise.resolve(),
    },
  };
  return { vscode, record };
}

/** A stand-in for vscode-languageclient/node's LanguageClient that records how it was made and used. */
function fakeClientModule() {
  const clients = [];
  const State = { Stopped: 1, Starting: 3, Running: 2 };
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, state: State.Starting, stops: 0 });
      clients.push(this);
    }
    async start() { this.state = State.Running; }
    async stop() { this.stops++; this.state = State.Stopped; }
  }
  return { module: { LanguageClient, State }, clients };
}

/** Loads src/extension.js afresh against the stand-ins. */
function loadExtension(vscode, clientModule) {
  const extensionPath = require.resolve('../src/extension');
  delete require.cache[extensionPath];
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (request === 'vscode') return vscode;
    if (request === 'vscode-languageclient/node') return clientModule;
    return load.call(this, request, ...rest);
  };
  try {
    return require(extensionPath);
  } finally {
    Module._load = load;
  }
}

let scratch;
let context;
beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpfsmgen-extension-test-'));
  context = { subscriptions: [] };
});
afterEach(() => {
  for (const subscription of context.subscriptions) subscription.dispose();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/**
 * A stand-in `fsm`: Node running a script that answers `graph FILE --format svg` with an SVG naming the
 * arguments and the file's first line, or fails as `fsm` does when asked.
 */
function fakeFsm({ svgExit = 0 } = {}) {
  const script = path.join(scratch, 'fake-fsm.js');
  fs.writeFileSync(script, `
    const fs = require('fs');
    const args = process.argv.slice(2);
    const i = args.indexOf('graph');
    const file = args[i + 1], format = args[i + 3];
    const firstLine = fs.readFileSync(file, 'utf8').split('\\n')[0];
    if (format === 'svg' && ${svgExit} !== 0) { process.stderr.write("fsm: --format svg needs Graphviz's 'dot' on PATH"); process.exit(${svgExit}); }
    if (format === 'svg') process.stdout.write('<svg>' + JSON.stringify({ args, firstLine, file }) + '</svg>');
    else process.stdout.write('stateDiagram-v2\\n    [*] --> ' + firstLine + '\\n%% ' + file);
  `);
  return { 'tcpfsmgen.server.path': process.execPath, 'tcpfsmgen.server.args': [script] };
}

function fsmDocument(fsPath, text, { isDirty = false, isUntitled = false } = {}) {
  return {
    uri: new Uri(fsPath, isUntitled ? 'untitled' : 'file'), fileName: fsPath, languageId: 'fsm',
    isDirty, isUntitled, getText: () => text,
  };
}

test('activation registers the commands the manifest declares and starts fsm lsp', async () => {
  const { vscode, record } = fakeVscode({ 'tcpfsmgen.server.path': process.execPath, 'tcpfsmgen.server.args': ['/opt/fsm.dll'] });
  const client = fakeClientModule();
  const extension = loadExtension(vscode, client.module);
  await extension.activate(context);

  const declared = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual([...record.commands.keys()].sort(), declared);
  assert.equal(client.clients.length, 1);
  const [started] = client.clients;
  assert.equal(started.id, 'tcpfsmgen', "the id makes 'tcpfsmgen.trace.server' the trace setting");
  assert.ok(manifest.contributes.configuration.properties[`${started.id}.trace.server`]);
  assert.deepEqual(started.serverOptions, { command: process.execPath, args: ['/opt/fsm.dll', 'lsp'] });
  assert.deepEqual(started.clientOptions.documentSelector.map((s) => s.language), ['fsm', 'fsm']);
  assert.equal(started.state, 2);
  assert.deepEqual(record.errors, []);

  await extension.deactivate();
  assert.equal(started.stops, 1);
});

test('a missing fsm is reported with what to do, and no server is started', async () => {
  const { vscode, record } = fakeVscode({ 'tcpfsmgen.server.path': path.join(scratch, 'no-such-fsm') });
  const client = fakeClientModule();
  await loadExtension(vscode, client.module).activate(context);
  assert.equal(client.clients.length, 0);
  assert.equal(record.errors.length, 1);
  assert.match(record.errors[0], /no-such-fsm' \(the setting 'tcpfsmgen\.server\.path'\) was not found/);
});

test('changing the server settings restarts the server with the new ones', async () => {
  const settings = { 'tcpfsmgen.server.path': process.execPath, 'tcpfsmgen.server.args': ['/a/fsm.dll'] };
  const { vscode, record } = fakeVscode(settings);
  const client = fakeClientModule();
  await loadExtension(vscode, client.module).activate(context);
  settings['tcpfsmgen.server.args'] = ['/b/fsm.dll'];
  const unrelated = { affectsConfiguration: (section) => section === 'editor' };
  for (const listener of record.listeners.configuration) await listener(unrelated);
  assert.equal(client.clients.length, 1);
  const relevant = { affectsConfiguration: (section) => section === 'tcpfsmgen.server' };
  await Promise.all(record.listeners.configuration.map((listener) => listener(relevant)));
  assert.equal(client.clients.length, 2);
  assert.equal(client.clients[0].stops, 1);
  assert.deepEqual(client.clients[1].serverOptions.args, ['/b/fsm.dll', 'lsp']);
});

test('Show Diagram draws the saved file beside the editor, without scripts', async () => {
  const { vscode, record } = fakeVscode(fakeFsm());
  const extension = loadExtension(vscode, fakeClientModule().module);
  await extension.activate(context);
  const file = path.join(scratch, 'door.fsm');
  fs.writeFileSync(file, 'machine Demo.Doors.Door; // on disk\n');
  vscode.window.activeTextEditor = { document: fsmDocument(file, 'machine Demo.Doors.Door; // on disk\n') };

  await record.commands.get('tcpfsmgen.showDiagram')();
  assert.equal(record.panels.length, 1);
  const [panel] = record.panels;
  assert.equal(panel.title, 'Diagram: door.fsm');
  assert.deepEqual(panel.showOptions, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
  assert.equal(panel.options.enableScripts, false);
  const data = panel.webview.html.match(/src="data:image\/svg\+xml;base64,([^"]+)"/)[1];
  const shown = JSON.parse(Buffer.from(data, 'base64').toString('utf8').replace(/^<svg>|<\/svg>$/g, ''));
  assert.deepEqual(shown.args, ['graph', file, '--format', 'svg']);
  assert.equal(shown.firstLine, 'machine Demo.Doors.Door; // on disk');

  // The same document again reuses its panel.
  await record.commands.get('tcpfsmgen.showDiagram')();
  assert.equal(record.panels.length, 1);
  assert.equal(panel.revealed, 1);
});

test('Show Diagram draws unsaved text from a copy, and falls back to Mermaid text without Graphviz', async () => {
  const { vscode, record } = fakeVscode(fakeFsm({ svgExit: 2 }));
  await loadExtension(vscode, fakeClientModule().module).activate(context);
  const file = path.join(scratch, 'door.fsm');
  fs.writeFileSync(file, 'machine Old;\n');
  vscode.window.activeTextEditor = { document: fsmDocument(file, 'machine Edited;\n', { isDirty: true }) };

  await record.commands.get('tcpfsmgen.showDiagram')();
  const html = record.panels[0].webview.html;
  assert.match(html, /No picture: fsm: --format svg needs Graphviz&#39;s &#39;dot&#39; on PATH/);
  const [, firstLine, copy] = html.match(/<pre class="mermaid-text">stateDiagram-v2\n {4}\[\*\] --&gt; (.*)\n%% (.*)<\/pre>/);
  assert.equal(firstLine, 'machine Edited;', 'the text in the editor, not the one on disk');
  assert.notEqual(copy, file);
  assert.match(path.basename(copy), /door\.fsm$/);
  assert.equal(fs.existsSync(copy), false, 'the copy is removed once drawn');
});

test('Show Diagram on a file that is not a machine says what to do', async () => {
  const { vscode, record } = fakeVscode(fakeFsm());
  await loadExtension(vscode, fakeClientModule().module).activate(context);
  vscode.window.activeTextEditor = { document: { ...fsmDocument('/x/a.cs', ''), languageId: 'csharp' } };
  await record.commands.get('tcpfsmgen.showDiagram')();
  assert.equal(record.panels.length, 0);
  assert.deepEqual(record.infos, ['TcpFsmGen: open a .fsm file to see its diagram.']);
});
