// @ts-check
'use strict';
// The VS Code side: starts `fsm lsp` as the language client's server, and shows a machine's diagram beside
// its editor.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient, State } = require('vscode-languageclient/node');
const { resolveTool, lspArguments, notFoundMessage } = require('./fsmTool');
const { drawDiagram, diagramHtml } = require('./diagram');

const languageId = 'fsm';
const clientName = 'TcpFsmGen Language Server';

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let outputChannel;

/** The `fsm` program as the settings say, for the workspace of `uri` (or the first one). */
function currentTool(/** @type {vscode.Uri | undefined} */ uri) {
  const config = vscode.workspace.getConfiguration('tcpfsmgen', uri);
  const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  return resolveTool({
    path: config.get('server.path'),
    args: config.get('server.args'),
    workspaceFolder: folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined,
  });
}

async function startClient() {
  const tool = currentTool(undefined);
  if (!tool.found) {
    showToolMissing(tool);
    return;
  }
  outputChannel ??= vscode.window.createOutputChannel(clientName, { log: true });
  // No `transport` here: with TransportKind.stdio the client would append '--stdio' to the arguments, which
  // `fsm lsp` does not take; without it, the server simply speaks over its standard input and output.
  /** @type {import('vscode-languageclient/node').ServerOptions} */
  const serverOptions = { command: tool.command, args: lspArguments(tool) };
  /** @type {import('vscode-languageclient/node').LanguageClientOptions} */
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: languageId },
      { scheme: 'untitled', language: languageId },
    ],
    outputChannel,
  };
  const newClient = new LanguageClient('tcpfsmgen', clientName, serverOptions, clientOptions);
  client = newClient;
  try {
    await newClient.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    vscode.window.showErrorMessage(
      `TcpFsmGen: '${tool.command} ${lspArguments(tool).join(' ')}' did not start: ${message}. ` +
      "An 'fsm' older than the language server has no 'lsp' command: update it with 'dotnet tool update -g TcpFsmGen.Cli'.",
      'Open Settings', 'Show Output')
      .then((choice) => {
        if (choice === 'Open Settings') vscode.commands.executeCommand('workbench.action.openSettings', 'tcpfsmgen.server');
        if (choice === 'Show Output') outputChannel?.show();
      });
  }
}

async function stopClient() {
  const running = client;
  client = undefined;
  if (running && running.state !== State.Stopped) {
    try {
      await running.stop();
    } catch {
      // A server that died already has nothing left to stop.
    }
  }
}

async function restartClient() {
  await stopClient();
  await startClient();
}

function showToolMissing(/** @type {import('./fsmTool').ToolCommand} */ tool) {
  vscode.window.showErrorMessage(notFoundMessage(tool), 'Open Settings').then((choice) => {
    if (choice === 'Open Settings') vscode.commands.executeCommand('workbench.action.openSettings', 'tcpfsmgen.server');
  });
}

/**
 * One diagram panel per `.fsm` document, redrawn when the document changes (after a pause) or is saved.
 */
class DiagramPanels {
  constructor() {
    /** @type {Map<string, { panel: vscode.WebviewPanel, document: vscode.TextDocument, timer?: NodeJS.Timeout, generation: number }>} */
    this.panels = new Map();
    /** @type {string | undefined} a folder for copies of unsaved text, made when first needed */
    this.scratch = undefined;
    /** Whether a missing tool was reported already: redrawing after each change should not repeat it. */
    this.reportedMissing = false;
  }

  /**
   * Opens (or brings forward) the document's panel and draws it; the promise ends when it is drawn.
   * @param {vscode.TextDocument} document
   */
  show(document) {
    const key = document.uri.toString();
    const existing = this.panels.get(key);
    if (existing) {
      existing.document = document;
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return this.redraw(key);
    }
    const title = path.basename(document.fileName);
    const panel = vscode.window.createWebviewPanel('tcpfsmgen.diagram', `Diagram: ${title}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: false, localResourceRoots: [] });
    this.panels.set(key, { panel, document, generation: 0 });
    panel.onDidDispose(() => {
      const entry = this.panels.get(key);
      if (entry?.timer) clearTimeout(entry.timer);
      this.panels.delete(key);
    });
    return this.redraw(key);
  }

  /** @param {vscode.TextDocument} document */
  changed(document, delayMs = 600) {
    const key = document.uri.toString();
    const entry = this.panels.get(key);
    if (!entry) return;
    entry.document = document;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.redraw(key), delayMs);
  }

  /** @param {string} key */
  async redraw(key) {
    const entry = this.panels.get(key);
    if (!entry) return;
    const generation = ++entry.generation;
    const { document } = entry;
    const title = path.basename(document.fileName);
    // `fsm graph` reads a file: a saved document is drawn from its own file, one with unsaved changes (or never
    // saved) from a copy of its text, whose name is then replaced by the document's in any message.
    let file = document.uri.fsPath;
    let copy;
    if (document.isUntitled || document.isDirty || document.uri.scheme !== 'file') {
      const name = title.endsWith('.fsm') ? title : `${title}.fsm`;
      this.scratch ??= fs.mkdtempSync(path.join(os.tmpdir(), 'tcpfsmgen-diagram-'));
      copy = path.join(this.scratch, `${generation}-${name}`);
      fs.writeFileSync(copy, document.getText(), 'utf8');
      file = copy;
    }
    const tool = currentTool(document.uri);
    let diagram = await drawDiagram(tool, file);
    if (copy) {
      fs.rmSync(copy, { force: true });
      if (diagram.kind === 'error') diagram = { ...diagram, message: diagram.message.split(copy).join(title) };
    }
    const current = this.panels.get(key);
    if (!current || current.generation !== generation) return;
    current.panel.webview.html = diagramHtml(diagram, title);
    if (diagram.kind === 'error' && diagram.notFound && !this.reportedMissing) {
      this.reportedMissing = true;
      showToolMissing(tool);
    }
  }

  dispose() {
    for (const entry of [...this.panels.values()]) entry.panel.dispose();
    if (this.scratch) fs.rmSync(this.scratch, { recursive: true, force: true });
  }
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  const diagrams = new DiagramPanels();
  context.subscriptions.push(
    diagrams,
    vscode.commands.registerCommand('tcpfsmgen.showDiagram', (/** @type {vscode.Uri | undefined} */ uri) => {
      const editor = vscode.window.activeTextEditor;
      const document = uri instanceof vscode.Uri
        ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())
        : editor?.document;
      if (!document || document.languageId !== languageId) {
        vscode.window.showInformationMessage('TcpFsmGen: open a .fsm file to see its diagram.');
        return;
      }
      return diagrams.show(document);
    }),
    vscode.commands.registerCommand('tcpfsmgen.restartServer', restartClient),
    vscode.workspace.onDidChangeTextDocument((e) => diagrams.changed(e.document)),
    vscode.workspace.onDidSaveTextDocument((d) => diagrams.changed(d, 0)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      return e.affectsConfiguration('tcpfsmgen.server') ? restartClient() : undefined;
    }),
    { dispose: () => { stopClient(); } },
  );
  await startClient();
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate };
