'use strict';
// The diagram command's choice between SVG, Mermaid text and the tool's errors, and the page it shows.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { drawDiagram, diagramHtml, run } = require('../src/diagram');

const tool = { command: '/bin/fsm', args: ['pre'], found: true, configured: 'fsm' };

/** A runner that answers from a table keyed by the --format argument, and records its calls. */
function fakeRunner(answers) {
  const calls = [];
  const runner = async (command, args) => {
    calls.push([command, ...args]);
    return answers[args.at(-1)];
  };
  return { runner, calls };
}

test('the SVG when fsm graph --format svg draws it', async () => {
  const { runner, calls } = fakeRunner({ svg: { code: 0, stdout: '<?xml version="1.0"?><svg></svg>', stderr: '' } });
  const diagram = await drawDiagram(tool, '/m/door.fsm', runner);
  assert.deepEqual(diagram, { kind: 'svg', svg: '<?xml version="1.0"?><svg></svg>' });
  assert.deepEqual(calls, [['/bin/fsm', 'pre', 'graph', '/m/door.fsm', '--format', 'svg']]);
});

test('the Mermaid text, with the reason, when Graphviz is missing', async () => {
  const reason = "fsm: --format svg needs Graphviz's 'dot' on PATH (https://graphviz.org/download/); --format dot writes the graph for it";
  const { runner, calls } = fakeRunner({
    svg: { code: 2, stdout: '', stderr: reason + '\n' },
    mermaid: { code: 0, stdout: 'stateDiagram-v2\n    [*] --> Shut\n', stderr: '' },
  });
  const diagram = await drawDiagram(tool, '/m/door.fsm', runner);
  assert.deepEqual(diagram, { kind: 'mermaid', text: 'stateDiagram-v2\n    [*] --> Shut\n', reason });
  assert.deepEqual(calls.map((c) => c.at(-1)), ['svg', 'mermaid']);
});

test("the machine's errors, without a second try, when it has errors", async () => {
  const errors = "door.fsm(7,9): error TFSM0002: State 'Shutt' is not declared; did you mean 'Shut'?";
  const { runner, calls } = fakeRunner({ svg: { code: 1, stdout: '', stderr: errors + '\n' } });
  const diagram = await drawDiagram(tool, '/m/door.fsm', runner);
  assert.deepEqual(diagram, { kind: 'error', message: errors, notFound: false });
  assert.equal(calls.length, 1);
});

test('a tool that cannot be started is reported as not found', async () => {
  const spawnError = Object.assign(new Error('spawn /bin/fsm ENOENT'), { code: 'ENOENT' });
  const { runner } = fakeRunner({ svg: { code: null, stdout: '', stderr: '', spawnError } });
  const diagram = await drawDiagram(tool, '/m/door.fsm', runner);
  assert.equal(diagram.kind, 'error');
  assert.equal(diagram.notFound, true);
  assert.match(diagram.message, /Cannot start '\/bin\/fsm': spawn \/bin\/fsm ENOENT/);
});

test('both formats failing gives the last error', async () => {
  const { runner } = fakeRunner({
    svg: { code: 2, stdout: '', stderr: 'dot failed' },
    mermaid: { code: 2, stdout: '', stderr: "fsm: cannot read '/m/door.fsm'" },
  });
  assert.deepEqual(await drawDiagram(tool, '/m/door.fsm', runner), { kind: 'error', message: "fsm: cannot read '/m/door.fsm'", notFound: false });
});

test('the page shows the SVG as a data URI image and runs nothing', () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>Opened</text></svg>';
  const html = diagramHtml({ kind: 'svg', svg }, 'door.fsm');
  const policy = html.match(/Content-Security-Policy" content="([^"]+)"/)[1];
  assert.equal(policy, "default-src 'none'; img-src data:; style-src 'unsafe-inline';");
  const src = html.match(/<img [^>]*src="data:image\/svg\+xml;base64,([^"]+)"/)[1];
  assert.equal(Buffer.from(src, 'base64').toString('utf8'), svg);
  assert.doesNotMatch(html, /<script/);
  assert.match(html, /<title>door\.fsm<\/title>/);
});

test('the page shows Mermaid text escaped, with the reason', () => {
  const html = diagramHtml({ kind: 'mermaid', text: 'stateDiagram-v2\n    [*] --> A\n    A --> B : Go [Ready]<x>', reason: "no 'dot' on PATH" }, 'a.fsm');
  assert.match(html, /\[\*\] --&gt; A/);
  assert.match(html, /Go \[Ready\]&lt;x&gt;/);
  assert.match(html, /No picture: no &#39;dot&#39; on PATH/);
  assert.doesNotMatch(html, /<img/);
});

test('the page shows errors escaped', () => {
  const html = diagramHtml({ kind: 'error', message: "a.fsm(1,1): error TFSM0008: expected 'machine' <here>", notFound: false }, 'a.fsm');
  assert.match(html, /TFSM0008: expected &#39;machine&#39; &lt;here&gt;/);
});

test('run: exit codes, output, and a program that does not exist', async () => {
  const ok = await run(process.execPath, ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(2)']);
  assert.deepEqual(ok, { code: 2, stdout: 'out', stderr: 'err' });
  const zero = await run(process.execPath, ['-e', 'console.log(process.argv.slice(1).join("|"))', 'a b', 'c']);
  assert.deepEqual(zero, { code: 0, stdout: 'a b|c\n', stderr: '' });
  const missing = await run('/nonexistent/tcpfsmgen-test/fsm', ['graph']);
  assert.equal(missing.code, null);
  assert.equal(missing.spawnError?.code, 'ENOENT');
});
