'use strict';
// Which program the extension starts for `fsm lsp` and `fsm graph`, from its two settings.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { resolveTool, graphArguments, lspArguments, notFoundMessage } = require('../src/fsmTool');

/** A machine with only the given files on it. */
function environment({ files = [], env = {}, platform = 'linux', homedir = '/home/ada' } = {}) {
  const set = new Set(files);
  return { env, platform, homedir, isFile: (file) => set.has(file) };
}

test('the default finds fsm on PATH', () => {
  const tool = resolveTool({}, environment({ files: ['/usr/local/bin/fsm'], env: { PATH: '/usr/bin:/usr/local/bin' } }));
  assert.deepEqual(tool, { command: '/usr/local/bin/fsm', args: [], found: true, configured: 'fsm' });
});

test('the default falls back to the dotnet tools folder when PATH lacks it', () => {
  const tool = resolveTool({ path: '' }, environment({ files: ['/home/ada/.dotnet/tools/fsm'], env: { PATH: '/usr/bin' } }));
  assert.equal(tool.command, '/home/ada/.dotnet/tools/fsm');
  assert.equal(tool.found, true);
});

test('on Windows, PATH is searched with PATHEXT and the tools folder has fsm.exe', () => {
  const onPath = resolveTool({}, environment({
    platform: 'win32',
    env: { Path: 'C:\\Windows;C:\\Tools', PATHEXT: '.COM;.EXE' },
    files: ['C:\\Tools\\fsm.EXE'],
  }));
  assert.equal(onPath.command, 'C:\\Tools\\fsm.EXE');
  const installed = resolveTool({}, environment({
    platform: 'win32', homedir: 'C:\\Users\\ada', env: { Path: 'C:\\Windows' },
    files: ['C:\\Users\\ada\\.dotnet\\tools\\fsm.exe'],
  }));
  assert.equal(installed.command, 'C:\\Users\\ada\\.dotnet\\tools\\fsm.exe');
});

test('a missing default is reported with the install command', () => {
  const tool = resolveTool({}, environment({ env: { PATH: '/usr/bin' } }));
  assert.equal(tool.found, false);
  assert.equal(tool.command, 'fsm');
  assert.match(notFoundMessage(tool), /dotnet tool install -g TcpFsmGen\.Cli/);
  assert.match(notFoundMessage(tool), /tcpfsmgen\.server\.path/);
});

test('a configured path is used as it is, with ~ and ${workspaceFolder} expanded', () => {
  const tool = resolveTool(
    { path: '~/src/fsm', args: ['${workspaceFolder}/cli/fsm.dll', 42, '--x'], workspaceFolder: '/work/repo' },
    environment({ files: ['/home/ada/src/fsm'] }));
  assert.deepEqual(tool, { command: '/home/ada/src/fsm', args: ['/work/repo/cli/fsm.dll', '--x'], found: true, configured: '~/src/fsm' });
});

test('a configured path that does not exist is not found, and the message names the setting', () => {
  const tool = resolveTool({ path: '/opt/fsm/fsm' }, environment());
  assert.equal(tool.found, false);
  assert.match(notFoundMessage(tool), /'\/opt\/fsm\/fsm' \(the setting 'tcpfsmgen\.server\.path'\)/);
});

test('dotnet with the dll as its argument', () => {
  const tool = resolveTool(
    { path: 'dotnet', args: ['${userHome}/fsm/fsm.dll'] },
    environment({ files: ['/usr/share/dotnet/dotnet'], env: { PATH: '/usr/share/dotnet' } }));
  assert.equal(tool.command, '/usr/share/dotnet/dotnet');
  assert.deepEqual(lspArguments(tool), ['/home/ada/fsm/fsm.dll', 'lsp']);
  assert.deepEqual(graphArguments(tool, '/m/door.fsm', 'svg'), ['/home/ada/fsm/fsm.dll', 'graph', '/m/door.fsm', '--format', 'svg']);
});

test('${env:NAME} takes a variable of the environment', () => {
  const tool = resolveTool({ path: '${env:FSM_HOME}/fsm' }, environment({ env: { FSM_HOME: '/opt/fsm' }, files: ['/opt/fsm/fsm'] }));
  assert.equal(tool.command, '/opt/fsm/fsm');
});
