// @ts-check
'use strict';
// The machine's diagram: `fsm graph FILE --format svg` (Graphviz draws it), or, when that cannot be drawn, the
// Mermaid text of `fsm graph FILE --format mermaid`. Plain Node: no `vscode` module here.
const { execFile } = require('node:child_process');
const { graphArguments } = require('./fsmTool');

/** `fsm` exit codes (cli/FsmCommand.cs): the machine has errors; the command could not do its work. */
const machineErrorsExit = 1;

/**
 * @typedef {{ code: number | null, stdout: string, stderr: string, spawnError?: NodeJS.ErrnoException }} RunResult
 * @typedef {(command: string, args: string[]) => Promise<RunResult>} Runner
 * @typedef {{ kind: 'svg', svg: string }
 *   | { kind: 'mermaid', text: string, reason: string }
 *   | { kind: 'error', message: string, notFound: boolean }} Diagram
 */

/**
 * Runs a program to its end and never rejects: a program that cannot be started gives `spawnError`.
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, timeoutMs?: number }} [options]
 * @returns {Promise<RunResult>}
 */
function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const execOptions = {
      encoding: /** @type {const} */ ('utf8'),
      maxBuffer: 64 * 1024 * 1024,
      timeout: options.timeoutMs ?? 60_000,
      windowsHide: true,
      env: options.env ?? process.env,
    };
    execFile(command, args, execOptions,
      (error, stdout, stderr) => {
        /** @type {any} */
        const failure = error;
        if (failure && typeof failure.code === 'string') {
          resolve({ code: null, stdout: stdout ?? '', stderr: stderr ?? '', spawnError: failure });
        } else if (failure && typeof failure.code !== 'number') {
          // Stopped by a signal (the time-out included): no exit code to go by.
          resolve({ code: null, stdout, stderr: `${stderr}\n'${command}' was stopped (${failure.signal ?? 'no exit code'})`.trim() });
        } else {
          resolve({ code: failure ? failure.code : 0, stdout, stderr });
        }
      });
  });
}

/**
 * Draws the machine in `file`: SVG when `fsm graph --format svg` succeeds; the Mermaid text when SVG cannot be
 * made (no Graphviz, or `dot` failed); the tool's own messages when the machine has errors.
 * @param {import('./fsmTool').ToolCommand} tool
 * @param {string} file
 * @param {Runner} [runner]
 * @returns {Promise<Diagram>}
 */
async function drawDiagram(tool, file, runner = (command, args) => run(command, args)) {
  const svg = await runner(tool.command, graphArguments(tool, file, 'svg'));
  if (svg.spawnError) {
    return { kind: 'error', message: `Cannot start '${tool.command}': ${svg.spawnError.message}`, notFound: svg.spawnError.code === 'ENOENT' };
  }
  if (svg.code === 0 && svg.stdout.includes('<svg')) return { kind: 'svg', svg: svg.stdout };
  if (svg.code === machineErrorsExit) return { kind: 'error', message: svg.stderr.trim(), notFound: false };
  const mermaid = await runner(tool.command, graphArguments(tool, file, 'mermaid'));
  if (mermaid.code === 0 && !mermaid.spawnError) {
    return { kind: 'mermaid', text: mermaid.stdout, reason: svg.stderr.trim() || `fsm graph --format svg exited with ${svg.code}` };
  }
  return { kind: 'error', message: (mermaid.stderr || svg.stderr).trim(), notFound: false };
}

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * The web view's page for a diagram. It runs no script and loads nothing: the SVG is an image from a data URI,
 * so nothing in it can run either, and the policy allows only that and the page's own style.
 * @param {Diagram} diagram
 * @param {string} title  the file's name
 */
function diagramHtml(diagram, title) {
  let body;
  if (diagram.kind === 'svg') {
    const data = Buffer.from(diagram.svg, 'utf8').toString('base64');
    body = `<img class="diagram" alt="${escapeHtml(`State diagram of ${title}`)}" src="data:image/svg+xml;base64,${data}">`;
  } else if (diagram.kind === 'mermaid') {
    body = `<p class="note">No picture: ${escapeHtml(diagram.reason)}<br>` +
      'This is the Mermaid text of the diagram; any Mermaid renderer draws it.</p>' +
      `<pre class="mermaid-text">${escapeHtml(diagram.text)}</pre>`;
  } else {
    body = `<p class="note">The diagram cannot be drawn:</p><pre class="errors">${escapeHtml(diagram.message)}</pre>`;
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style>
  body { padding: 12px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); }
  .diagram { display: block; background: white; padding: 8px; border-radius: 4px; max-width: none; }
  .note { color: var(--vscode-descriptionForeground); }
  pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); white-space: pre; }
  .errors { color: var(--vscode-errorForeground); white-space: pre-wrap; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

module.exports = { drawDiagram, diagramHtml, escapeHtml, run };
