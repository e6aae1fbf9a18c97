'use strict';
// The extension's calls against the real `fsm` tool of this repository (cli/, built by `dotnet build`): the
// diagram command's `fsm graph` and the client's `fsm lsp`, started exactly as the extension starts them.
// Where the tool is not built, or has no `lsp` command, these tests are skipped and say why.
const { test, describe, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { resolveTool, lspArguments, findOnPath, currentEnvironment } = require('../src/fsmTool');
const { drawDiagram, run } = require('../src/diagram');
const { repoRoot } = require('./tokenize');

/** The newest built fsm.dll under cli/bin, or the one TCPFSMGEN_FSM_DLL names. */
function findBuiltCli() {
  if (process.env.TCPFSMGEN_FSM_DLL) return process.env.TCPFSMGEN_FSM_DLL;
  const bin = path.join(repoRoot, 'cli', 'bin');
  const found = [];
  for (const configuration of fs.existsSync(bin) ? fs.readdirSync(bin) : []) {
    const configurationFolder = path.join(bin, configuration);
    if (!fs.statSync(configurationFolder).isDirectory()) continue;
    for (const framework of fs.readdirSync(configurationFolder)) {
      const dll = path.join(configurationFolder, framework, 'fsm.dll');
      if (fs.existsSync(dll)) found.push({ dll, time: fs.statSync(dll).mtimeMs });
    }
  }
  found.sort((a, b) => b.time - a.time);
  return found[0]?.dll;
}

// TCPFSMGEN_FSM names another fsm program to test (an installed tool, say) instead of the build in cli/bin.
const explicit = process.env.TCPFSMGEN_FSM;
const dll = explicit ? undefined : findBuiltCli();
const dotnet = findOnPath('dotnet', currentEnvironment());
const skipReason = explicit ? false
  : !dotnet ? "'dotnet' is not on PATH"
  : !dll ? 'the fsm tool is not built (dotnet build cli/TcpFsmGen.Cli.csproj; .ci/run builds it before these tests)'
  : false;
const tool = skipReason ? undefined : explicit ? resolveTool({ path: explicit }) : resolveTool({ path: dotnet, args: [dll] });
const hasGraphviz = Boolean(findOnPath('dot', currentEnvironment()));

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpfsmgen-vscode-test-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('fsm graph, as the Show Diagram command runs it', { skip: skipReason }, () => {
  test('door.fsm as SVG, drawn by Graphviz', { skip: !hasGraphviz && "Graphviz's 'dot' is not on PATH" }, async () => {
    const diagram = await drawDiagram(tool, path.join(repoRoot, 'samples', 'Door', 'door.fsm'));
    assert.equal(diagram.kind, 'svg', JSON.stringify(diagram));
    assert.match(diagram.svg, /<svg[\s>]/);
    for (const state of ['Opened', 'Shut', 'Closed', 'Locked']) assert.match(diagram.svg, new RegExp(`>${state}<`));
  });

  test('door.fsm as Mermaid text when no dot is on PATH', async () => {
    const noDot = fs.mkdtempSync(path.join(scratch, 'path-'));
    const runner = (command, args) => run(command, args, { env: { ...process.env, PATH: noDot } });
    const diagram = await drawDiagram(tool, path.join(repoRoot, 'samples', 'Door', 'door.fsm'), runner);
    assert.equal(diagram.kind, 'mermaid', JSON.stringify(diagram));
    assert.match(diagram.text, /^stateDiagram-v2\n/);
    assert.match(diagram.text, /\[\*\] --> Shut/);
    assert.match(diagram.text, /Locked --> Closed : Unlock/);
    assert.match(diagram.reason, /Graphviz/);
  });

  test('the TCP machine', async () => {
    const diagram = await drawDiagram(tool, path.join(repoRoot, 'samples', 'Tcp', 'tcp.fsm'));
    const text = diagram.kind === 'svg' ? diagram.svg : diagram.kind === 'mermaid' ? diagram.text : assert.fail(diagram.message);
    for (const state of ['Listen', 'SynSent', 'Established', 'TimeWait']) assert.ok(text.includes(state), state);
  });

  test("a machine with an error gives the tool's message at its line", async () => {
    const file = path.join(scratch, 'broken.fsm');
    fs.writeFileSync(file, 'machine Demo.Broken;\nevents Go;\ninitial Startt;\nstate Start { on Go -> Start; }\n');
    const diagram = await drawDiagram(tool, file);
    assert.equal(diagram.kind, 'error');
    assert.match(diagram.message, /broken\.fsm\(3,9\): error TFSM0002: State 'Startt' is not declared/);
  });
});

/** Whether this build of the tool has the `lsp` command. */
async function hasLspCommand() {
  if (!tool) return false;
  const help = await run(tool.command, [...tool.args, '--help']);
  return help.code === 0 && /^\s+lsp\b/m.test(help.stdout);
}

describe('fsm lsp, started as the language client starts it', async () => {
  const lspSkip = skipReason || (!(await hasLspCommand()) && "this build of the fsm tool has no 'lsp' command");

  test('diagnostics on open, cleared by a fix, and a clean shutdown', { skip: lspSkip, timeout: 120_000 }, async () => {
    const rpc = require('vscode-languageserver-protocol/node');
    const server = spawn(tool.command, lspArguments(tool), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    server.stderr.on('data', (chunk) => { stderr += chunk; });
    const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
    // A server that ends early fails the test with its own words, instead of leaving a request unanswered.
    const unlessExited = (promise) => Promise.race([
      promise,
      exited.then((code) => { throw new Error(`fsm lsp exited early (${code}): ${stderr}`); }),
    ]);
    const connection = rpc.createProtocolConnection(new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
    // Requests from the server (registrations, configuration) get empty answers, as from a client with no settings.
    connection.onRequest((method, params) => (method === 'workspace/configuration' ? (params?.items ?? []).map(() => null) : null));
    const published = [];
    const waiters = [];
    connection.onNotification(rpc.PublishDiagnosticsNotification.type, (params) => {
      published.push(params);
      for (const waiter of [...waiters]) {
        if (waiter.test(params)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    const diagnosticsWhere = (test) => {
      const earlier = published.find(test);
      return earlier ? Promise.resolve(earlier) : new Promise((resolve) => waiters.push({ test, resolve }));
    };
    connection.listen();
    try {
      const uri = 'file:///tmp/tcpfsmgen-vscode-test/broken.fsm';
      const init = await unlessExited(connection.sendRequest(rpc.InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        workspaceFolders: null,
        capabilities: { textDocument: { synchronization: {}, publishDiagnostics: {} } },
      }));
      connection.sendNotification(rpc.InitializedNotification.type, {});
      const sync = init.capabilities.textDocumentSync;
      const changeKind = typeof sync === 'number' ? sync : sync?.change;
      assert.ok(changeKind === 1 || changeKind === 2, `textDocumentSync.change is ${JSON.stringify(sync)}`);

      const text = 'machine Demo.Broken;\nevents Go;\ninitial Startt;\nstate Start { on Go -> Start; }\n';
      connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'fsm', version: 1, text },
      });
      const broken = await unlessExited(diagnosticsWhere((p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'TFSM0002')));
      const unknown = broken.diagnostics.find((d) => d.code === 'TFSM0002');
      assert.deepEqual(unknown.range, { start: { line: 2, character: 8 }, end: { line: 2, character: 14 } });
      assert.equal(unknown.severity, 1);

      const fixed = text.replace('Startt', 'Start');
      const contentChanges = changeKind === 2
        ? [{ range: { start: { line: 2, character: 8 }, end: { line: 2, character: 14 } }, text: 'Start' }]
        : [{ text: fixed }];
      connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges });
      const clean = await unlessExited(
        diagnosticsWhere((p) => p.uri === uri && p !== broken && !p.diagnostics.some((d) => d.code === 'TFSM0002')));
      assert.deepEqual(clean.diagnostics.filter((d) => d.severity === 1), []);

      await unlessExited(connection.sendRequest(rpc.ShutdownRequest.type));
      connection.sendNotification(rpc.ExitNotification.type);
      assert.equal(await exited, 0, stderr);
    } finally {
      connection.dispose();
      if (server.exitCode === null) server.kill();
    }
  });
});
