// @ts-check
'use strict';
// How to run the `fsm` tool (the TcpFsmGen.Cli dotnet tool) from the extension's settings. Plain Node: no
// `vscode` module here, so the tests run it as it is.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** The settings' default: the dotnet tool's command name. */
const defaultToolName = 'fsm';

/**
 * @typedef {object} ToolSettings
 * @property {unknown} [path]   `tcpfsmgen.server.path`: a program name looked up on PATH, or a path.
 * @property {unknown} [args]   `tcpfsmgen.server.args`: arguments given before the command (`lsp`, `graph`).
 * @property {string} [workspaceFolder]  replaces `${workspaceFolder}` in both.
 *
 * @typedef {object} Environment
 * @property {NodeJS.ProcessEnv} env
 * @property {NodeJS.Platform} platform
 * @property {string} homedir
 * @property {(file: string) => boolean} isFile
 *
 * @typedef {object} ToolCommand
 * @property {string} command  what to start
 * @property {string[]} args   arguments to put before the command's own
 * @property {boolean} found   whether `command` was found (a name on PATH or an existing file)
 * @property {string} configured  the setting as written, for messages
 */

/** @returns {Environment} */
function currentEnvironment() {
  return {
    env: process.env,
    platform: process.platform,
    homedir: os.homedir(),
    isFile: (file) => {
      try {
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    },
  };
}

/**
 * Replaces `~` at the start, `${userHome}`, `${workspaceFolder}` and `${env:NAME}`, as VS Code's own settings
 * for programs do.
 * @param {string} value
 * @param {ToolSettings} settings
 * @param {Environment} environment
 */
function expand(value, settings, environment) {
  let result = value.replace(/\$\{(userHome|workspaceFolder|env:([^}]+))\}/g, (whole, name, envName) => {
    if (name === 'userHome') return environment.homedir;
    if (name === 'workspaceFolder') return settings.workspaceFolder ?? whole;
    return environment.env[envName] ?? '';
  });
  if (result === '~' || result.startsWith('~/') || result.startsWith('~\\')) {
    result = path.join(environment.homedir, result.slice(1));
  }
  return result;
}

/**
 * Finds a bare program name on PATH (with PATHEXT's extensions on Windows), or returns undefined.
 * Node's spawn looks PATH up itself; this is done here too so that a missing tool is reported before the start,
 * in words that say which setting to change.
 * @param {string} name
 * @param {Environment} environment
 */
function findOnPath(name, environment) {
  const windows = environment.platform === 'win32';
  const pathVariable = windows
    ? Object.entries(environment.env).find(([key]) => key.toUpperCase() === 'PATH')?.[1]
    : environment.env.PATH;
  const separator = windows ? ';' : ':';
  const extensions = windows
    ? ['', ...(environment.env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)]
    : [''];
  for (const directory of (pathVariable ?? '').split(separator)) {
    if (!directory) continue;
    for (const extension of extensions) {
      const candidate = (windows ? path.win32 : path.posix).join(directory, name + extension);
      if (environment.isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * What to start for `fsm COMMAND ...`. The default name is looked up on PATH and then in `~/.dotnet/tools`, where
 * `dotnet tool install -g` puts it (an editor started from a desktop often has a PATH without that folder).
 * @param {ToolSettings} settings
 * @param {Environment} [environment]
 * @returns {ToolCommand}
 */
function resolveTool(settings, environment = currentEnvironment()) {
  const configured = typeof settings.path === 'string' && settings.path.trim() !== '' ? settings.path.trim() : defaultToolName;
  const args = Array.isArray(settings.args)
    ? settings.args.filter((a) => typeof a === 'string').map((a) => expand(a, settings, environment))
    : [];
  const expanded = expand(configured, settings, environment);
  const isBareName = !expanded.includes('/') && !expanded.includes('\\');
  if (!isBareName) {
    return { command: expanded, args, found: environment.isFile(expanded), configured };
  }
  const onPath = findOnPath(expanded, environment);
  if (onPath) return { command: onPath, args, found: true, configured };
  if (expanded === defaultToolName) {
    const windows = environment.platform === 'win32';
    const toolsFolder = (windows ? path.win32 : path.posix).join(environment.homedir, '.dotnet', 'tools');
    const installed = (windows ? path.win32 : path.posix).join(toolsFolder, windows ? 'fsm.exe' : 'fsm');
    if (environment.isFile(installed)) return { command: installed, args, found: true, configured };
  }
  return { command: expanded, args, found: false, configured };
}

/**
 * The arguments of `fsm graph` for one file and format (mermaid, dot or svg; see cli/GraphCommand.cs).
 * @param {ToolCommand} tool
 * @param {string} file
 * @param {'mermaid' | 'dot' | 'svg'} format
 */
function graphArguments(tool, file, format) {
  return [...tool.args, 'graph', file, '--format', format];
}

/**
 * The arguments that start the language server, which speaks LSP over its standard input and output.
 * @param {ToolCommand} tool
 */
function lspArguments(tool) {
  return [...tool.args, 'lsp'];
}

/**
 * One sentence for a tool that cannot be started, naming what to install or which setting to change.
 * @param {ToolCommand} tool
 */
function notFoundMessage(tool) {
  if (tool.configured === defaultToolName) {
    return "TcpFsmGen: the 'fsm' tool was not found on PATH or in ~/.dotnet/tools. Install it with " +
      "'dotnet tool install -g TcpFsmGen.Cli', or set 'tcpfsmgen.server.path' to the fsm program.";
  }
  return `TcpFsmGen: '${tool.command}' (the setting 'tcpfsmgen.server.path') was not found; ` +
    "set it to the fsm program, or clear it to use the 'fsm' dotnet tool.";
}

module.exports = {
  resolveTool, graphArguments, lspArguments, notFoundMessage, findOnPath, expand, currentEnvironment, defaultToolName,
};
