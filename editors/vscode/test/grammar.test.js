'use strict';
// The TextMate grammar (syntaxes/fsm.tmLanguage.json) tokenised by vscode-textmate with vscode-oniguruma,
// the engine VS Code itself uses: the repository's samples and a snippet of every protocol feature.
const { test, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { tokenize, readRepoFile, tokenFinder } = require('./tokenize');

/** Asserts that a token's scope stack holds `scope`, showing the whole stack when it does not. */
function hasScope(scopes, scope) {
  assert.ok(scopes.includes(scope), `expected ${scope} in [${scopes.join(', ')}]`);
}

function lacksScope(scopes, scope) {
  assert.ok(!scopes.includes(scope), `expected no ${scope} in [${scopes.join(', ')}]`);
}

/** Every piece of text that is not white space gets a scope of its own, not just the file's and a meta one. */
function assertEverythingClassified(result) {
  for (const line of result.lines) {
    for (const token of line.tokens) {
      if (token.text.trim() === '') continue;
      const own = token.scopes.filter((s) => s !== 'source.fsm' && !s.startsWith('meta.'));
      assert.ok(own.length > 0, `line ${line.line}: ${JSON.stringify(token.text)} has only [${token.scopes.join(', ')}]`);
      const illegal = token.scopes.filter((s) => s.startsWith('invalid.'));
      assert.deepEqual(illegal, [], `line ${line.line}: ${JSON.stringify(token.text)} is marked ${illegal}`);
    }
  }
}

/** After the last line, the grammar is back at the top level: every block and statement was closed. */
function assertBalanced(result) {
  assert.equal(result.endState.depth, 1, 'the rule stack should be back at the file level after the last line');
}

describe('samples/Door/door.fsm', async () => {
  const result = await tokenize(readRepoFile('samples/Door/door.fsm'));
  const at = tokenFinder(result);

  test('every token is classified and every block closes', () => {
    assertEverythingClassified(result);
    assertBalanced(result);
  });

  test('the machine header: keyword, namespace and class name', () => {
    hasScope(at('machine Demo.Doors.Door;', 'machine'), 'keyword.other.machine.fsm');
    hasScope(at('machine Demo.Doors.Door;', 'Demo'), 'entity.name.namespace.fsm');
    hasScope(at('machine Demo.Doors.Door;', 'Doors'), 'entity.name.namespace.fsm');
    hasScope(at('machine Demo.Doors.Door;', '.'), 'punctuation.accessor.fsm');
    hasScope(at('machine Demo.Doors.Door;', 'Door'), 'entity.name.type.class.fsm');
    hasScope(at('machine Demo.Doors.Door;', ';'), 'punctuation.terminator.statement.fsm');
  });

  test('keywords', () => {
    hasScope(at('events Open, Close', 'events'), 'keyword.other.events.fsm');
    hasScope(at('timer AutoClose', 'timer'), 'keyword.other.timer.fsm');
    hasScope(at('initial Shut;', 'initial'), 'keyword.other.initial.fsm');
    hasScope(at('state Opened {', 'state'), 'keyword.other.state.fsm');
    hasScope(at('entry / LightOn;', 'entry'), 'keyword.other.entry.fsm');
    hasScope(at('exit / LightOff;', 'exit'), 'keyword.other.exit.fsm');
    hasScope(at('on Close -> Closed;', 'on'), 'keyword.control.on.fsm');
    hasScope(at('after AutoClose -> Closed', 'after'), 'keyword.control.after.fsm');
    hasScope(at('ignore Open, Knock, Lock, Unlock;', 'ignore'), 'keyword.control.ignore.fsm');
  });

  test('event names where they are declared, handled and ignored', () => {
    for (const name of ['Open', 'Close', 'Lock', 'Unlock', 'Knock']) {
      hasScope(at('events Open, Close, Lock, Unlock, Knock;', name), 'variable.other.enummember.event.fsm');
    }
    hasScope(at('on Close -> Closed;', 'Close'), 'variable.other.enummember.event.fsm');
    hasScope(at('on Knock / Answer;', 'Knock'), 'variable.other.enummember.event.fsm');
    hasScope(at('ignore Open, Knock, Lock, Unlock;', 'Unlock'), 'variable.other.enummember.event.fsm');
  });

  test('state names where they are declared and where they are targets', () => {
    hasScope(at('state Opened {', 'Opened'), 'entity.name.type.state.fsm');
    hasScope(at('state Opened {', 'Opened'), 'meta.state.declaration.fsm');
    hasScope(at('initial Shut;', 'Shut'), 'entity.name.type.state.fsm');
    hasScope(at('initial Closed;', 'Closed'), 'entity.name.type.state.fsm');
    const target = at('on Open [IsNotBlocked] -> Opened;', 'Opened');
    hasScope(target, 'entity.name.type.state.fsm');
    hasScope(target, 'meta.target.fsm');
    lacksScope(target, 'variable.other.enummember.event.fsm');
  });

  test('nested states sit in nested blocks', () => {
    hasScope(at('state Shut {', '{'), 'punctuation.section.block.begin.fsm');
    const inner = at('state Closed {', 'Closed');
    assert.equal(inner.filter((s) => s === 'meta.block.fsm').length, 1, 'Closed is declared inside Shut');
    const deepest = at('on Lock -> Locked;', 'Locked');
    assert.equal(deepest.filter((s) => s === 'meta.block.fsm').length, 2, 'a transition of Closed is two blocks deep');
    const closing = result.lines.filter((l) => l.text === '}').at(-1).tokens[0].scopes;
    hasScope(closing, 'punctuation.section.block.end.fsm');
    assert.equal(closing.filter((s) => s === 'meta.block.fsm').length, 1, "the last brace closes Shut's block");
  });

  test('timers and durations', () => {
    hasScope(at('timer AutoClose = 30s;', 'AutoClose'), 'variable.other.constant.timer.fsm');
    hasScope(at('timer AutoClose = 30s;', '='), 'keyword.operator.assignment.fsm');
    hasScope(at('timer AutoClose = 30s;', '30'), 'constant.numeric.duration.fsm');
    const unit = at('timer AutoClose = 30s;', 's');
    hasScope(unit, 'constant.numeric.duration.fsm');
    hasScope(unit, 'keyword.other.unit.fsm');
    hasScope(at('after AutoClose -> Closed / Beep;', 'AutoClose'), 'variable.other.constant.timer.fsm');
  });

  test('arrows, actions and guards', () => {
    hasScope(at('on Close -> Closed;', '->'), 'keyword.operator.arrow.fsm');
    hasScope(at('after AutoClose -> Closed / Beep;', '/'), 'keyword.operator.actions.fsm');
    hasScope(at('after AutoClose -> Closed / Beep;', 'Beep'), 'entity.name.function.action.fsm');
    hasScope(at('entry / LightOn;', 'LightOn'), 'entity.name.function.action.fsm');
    hasScope(at('on Open -> Closed / Complain;', 'Complain'), 'entity.name.function.action.fsm');
    hasScope(at('on Open [IsNotBlocked]', '['), 'punctuation.section.guard.begin.fsm');
    hasScope(at('on Open [IsNotBlocked]', 'IsNotBlocked'), 'entity.name.function.guard.fsm');
    hasScope(at('on Open [IsNotBlocked]', 'IsNotBlocked'), 'meta.guard.fsm');
    hasScope(at('on Open [IsNotBlocked]', ']'), 'punctuation.section.guard.end.fsm');
  });

  test('comments, with the words in them left alone', () => {
    const first = result.lines[0].tokens;
    hasScope(first[0].scopes, 'punctuation.definition.comment.fsm');
    hasScope(first[1].scopes, 'comment.line.double-slash.fsm');
    const trailing = result.lines.find((l) => l.text.includes('// a composite state'));
    const comment = trailing.tokens.find((t) => t.text.includes('a composite state'));
    hasScope(comment.scopes, 'comment.line.double-slash.fsm');
    lacksScope(comment.scopes, 'keyword.other.state.fsm');
    const afterStatement = result.lines.find((l) => l.text.includes('// timer starts on entry'));
    hasScope(afterStatement.tokens.at(-1).scopes, 'comment.line.double-slash.fsm');
    lacksScope(afterStatement.tokens.at(-1).scopes, 'meta.after.fsm');
  });
});

describe('samples/Tcp/tcp.fsm', async () => {
  const result = await tokenize(readRepoFile('samples/Tcp/tcp.fsm'));
  const at = tokenFinder(result);

  test('every token is classified and every block closes', () => {
    assertEverythingClassified(result);
    assertBalanced(result);
  });

  test('the leading comment block is all comment', () => {
    const header = result.lines.slice(0, 9);
    for (const line of header) {
      for (const token of line.tokens) hasScope(token.scopes, 'comment.line.double-slash.fsm');
    }
  });

  test('a four-part machine name', () => {
    const line = 'machine TcpFsmGen.Samples.Tcp.TcpEndpoint;';
    hasScope(at(line, 'TcpFsmGen'), 'entity.name.namespace.fsm');
    hasScope(at(line, 'Tcp'), 'entity.name.namespace.fsm');
    hasScope(at(line, 'TcpEndpoint'), 'entity.name.type.class.fsm');
  });

  test('event lines followed by comments', () => {
    hasScope(at('events PassiveOpen, ActiveOpen', 'Abort'), 'variable.other.enummember.event.fsm');
    hasScope(at('events Segment(Segment seg), Checked(Segment seg), Process(Segment seg);', 'Process'), 'variable.other.enummember.event.fsm');
    const comment = result.lines.find((l) => l.text.startsWith('events UserTimeout;')).tokens.at(-1);
    hasScope(comment.scopes, 'comment.line.double-slash.fsm');
  });

  test('a duration in minutes', () => {
    hasScope(at('timer TwoMsl = 4m;', '4'), 'constant.numeric.duration.fsm');
    hasScope(at('timer TwoMsl = 4m;', 'm'), 'keyword.other.unit.fsm');
  });

  test('guards, negated guards and guarded transitions without target or actions', () => {
    hasScope(at('on Checked [!HasAck(seg)];', '!'), 'keyword.operator.logical.fsm');
    hasScope(at('on Checked [!HasAck(seg)];', 'HasAck'), 'entity.name.function.guard.fsm');
    hasScope(at('on Segment [IsRst(seg)];', 'IsRst'), 'entity.name.function.guard.fsm');
    hasScope(at('on Segment [IsRst(seg)];', ';'), 'punctuation.terminator.statement.fsm');
    hasScope(at('on Segment;', 'Segment'), 'variable.other.enummember.event.fsm');
  });

  test('several actions after a guarded transition', () => {
    const line = 'on Segment [IsSynAck(seg)] -> Established / AcceptSyn(seg), TakeAck(seg), AcknowledgeNow, FlushQueue;';
    hasScope(at(line, 'IsSynAck'), 'entity.name.function.guard.fsm');
    hasScope(at(line, 'Established'), 'entity.name.type.state.fsm');
    for (const action of ['AcceptSyn', 'TakeAck', 'AcknowledgeNow', 'FlushQueue']) {
      hasScope(at(line, action), 'entity.name.function.action.fsm');
    }
    hasScope(at(line, ','), 'punctuation.separator.comma.fsm');
  });

  test('states three blocks deep, and their timer transition', () => {
    const timeWait = at('state TimeWait {', 'TimeWait');
    hasScope(timeWait, 'entity.name.type.state.fsm');
    assert.equal(timeWait.filter((s) => s === 'meta.block.fsm').length, 3, 'Connection > Open > Synchronized');
    hasScope(at('after TwoMsl -> Closed;', 'after'), 'keyword.control.after.fsm');
    hasScope(at('after TwoMsl -> Closed;', 'TwoMsl'), 'variable.other.constant.timer.fsm');
    hasScope(at('after TwoMsl -> Closed;', 'Closed'), 'entity.name.type.state.fsm');
  });

  test('a state named Open is a state, not the event of that name', () => {
    hasScope(at('state Open {', 'Open'), 'entity.name.type.state.fsm');
  });
});

describe('protocol features (payloads, every, history deep, defer)', async () => {
  const text = fs.readFileSync(path.join(__dirname, 'fixtures', 'protocol.fsm'), 'utf8');
  const result = await tokenize(text);
  const at = tokenFinder(result);

  test('every token is classified and every block closes', () => {
    assertEverythingClassified(result);
    assertBalanced(result);
  });

  test('a block comment over two lines', () => {
    for (const line of result.lines.slice(0, 2)) {
      for (const token of line.tokens) hasScope(token.scopes, 'comment.block.fsm');
    }
    hasScope(result.lines[1].tokens.at(-1).scopes, 'punctuation.definition.comment.end.fsm');
    hasScope(at('internal machine', 'machine'), 'keyword.other.machine.fsm');
    lacksScope(at('internal machine', 'machine'), 'comment.block.fsm');
  });

  test('an internal machine', () => {
    hasScope(at('internal machine Demo.Net.Connection;', 'internal'), 'storage.modifier.internal.fsm');
    hasScope(at('internal machine Demo.Net.Connection;', 'Connection'), 'entity.name.type.class.fsm');
  });

  test('event payloads: C# type and parameter name', () => {
    const line = 'events Segment(Segment seg), Close;';
    hasScope(at(line, 'Segment', 0), 'variable.other.enummember.event.fsm');
    hasScope(at(line, '('), 'punctuation.definition.parameters.begin.fsm');
    hasScope(at(line, 'Segment', 1), 'entity.name.type.fsm');
    hasScope(at(line, 'Segment', 1), 'meta.payload.fsm');
    hasScope(at(line, 'seg'), 'variable.parameter.fsm');
    hasScope(at(line, ')'), 'punctuation.definition.parameters.end.fsm');
    hasScope(at(line, 'Close'), 'variable.other.enummember.event.fsm');
    lacksScope(at(line, 'Close'), 'meta.payload.fsm');
    hasScope(at('events Send(int bytes)', 'int'), 'keyword.type.fsm');
    hasScope(at('events Send(int bytes)', 'bytes'), 'variable.parameter.fsm');
    hasScope(at('events Publish(string text)', 'string'), 'keyword.type.fsm');
  });

  test('a payload type with global::, a namespace, generic arguments, an array and ?', () => {
    const line = 'Batch(global::System.Collections.Generic.List<byte[]>? items)';
    hasScope(at(line, 'global'), 'keyword.other.global.fsm');
    hasScope(at(line, '::'), 'punctuation.separator.coloncolon.fsm');
    hasScope(at(line, 'System'), 'entity.name.namespace.fsm');
    hasScope(at(line, 'Generic'), 'entity.name.namespace.fsm');
    hasScope(at(line, 'List'), 'entity.name.type.fsm');
    hasScope(at(line, '<'), 'punctuation.definition.typeparameters.begin.fsm');
    hasScope(at(line, 'byte'), 'keyword.type.fsm');
    hasScope(at(line, '['), 'punctuation.definition.array.begin.fsm');
    hasScope(at(line, ']'), 'punctuation.definition.array.end.fsm');
    hasScope(at(line, '>'), 'punctuation.definition.typeparameters.end.fsm');
    hasScope(at(line, '?'), 'punctuation.separator.question-mark.fsm');
    hasScope(at(line, 'items'), 'variable.parameter.fsm');
  });

  test('durations in milliseconds, seconds, minutes and hours', () => {
    hasScope(at('timer Rto = 250ms;', '250'), 'constant.numeric.duration.fsm');
    hasScope(at('timer Rto = 250ms;', 'ms'), 'keyword.other.unit.fsm');
    hasScope(at('timer KeepAlive = 2s;', 's'), 'keyword.other.unit.fsm');
    hasScope(at('timer Linger = 1h;', 'h'), 'keyword.other.unit.fsm');
    hasScope(at('after 4m / Flush;', '4'), 'constant.numeric.duration.fsm');
    hasScope(at('every 30s / Flush;', '30'), 'constant.numeric.duration.fsm');
  });

  test('guards and actions with the payload as argument', () => {
    const line = 'on Segment [IsSyn(seg)] -> Active / Accept(seg), Log(seg);';
    hasScope(at(line, 'IsSyn'), 'entity.name.function.guard.fsm');
    hasScope(at(line, 'seg', 0), 'variable.parameter.fsm');
    hasScope(at(line, 'seg', 0), 'meta.guard.fsm');
    hasScope(at(line, '(', 0), 'punctuation.definition.arguments.begin.fsm');
    hasScope(at(line, ']'), 'punctuation.section.guard.end.fsm');
    hasScope(at(line, 'Active'), 'entity.name.type.state.fsm');
    hasScope(at(line, 'Accept'), 'entity.name.function.action.fsm');
    hasScope(at(line, 'seg', 1), 'variable.parameter.fsm');
    hasScope(at(line, 'seg', 1), 'meta.actions.fsm');
    hasScope(at(line, 'Log'), 'entity.name.function.action.fsm');
    hasScope(at(line, ')', 2), 'punctuation.definition.arguments.end.fsm');
    const negated = 'on Publish [!IsFull(text)] / Emit(text);';
    hasScope(at(negated, '!'), 'keyword.operator.logical.fsm');
    hasScope(at(negated, 'IsFull'), 'entity.name.function.guard.fsm');
    hasScope(at(negated, 'Emit'), 'entity.name.function.action.fsm');
    hasScope(at('on Batch / Enqueue(items);', 'items'), 'variable.parameter.fsm');
  });

  test('every: a periodic timer, with a guard', () => {
    const line = 'every KeepAlive [IsQuiet] / SendProbe;';
    hasScope(at(line, 'every'), 'keyword.control.every.fsm');
    hasScope(at(line, 'KeepAlive'), 'variable.other.constant.timer.fsm');
    hasScope(at(line, 'IsQuiet'), 'entity.name.function.guard.fsm');
    hasScope(at(line, 'SendProbe'), 'entity.name.function.action.fsm');
  });

  test('after: guarded, fallback, and internal with a literal duration', () => {
    const guarded = 'after Rto [CanRetry] -> Connecting / SendSyn;';
    hasScope(at(guarded, 'Rto'), 'variable.other.constant.timer.fsm');
    hasScope(at(guarded, 'CanRetry'), 'entity.name.function.guard.fsm');
    hasScope(at(guarded, 'Connecting'), 'entity.name.type.state.fsm');
    hasScope(at('after Rto -> Idle / ErrorTimeout;', 'Idle'), 'entity.name.type.state.fsm');
    hasScope(at('after 4m / Flush;', 'Flush'), 'entity.name.function.action.fsm');
  });

  test('history deep', () => {
    hasScope(at('history deep;', 'history'), 'keyword.other.history.fsm');
    hasScope(at('history deep;', 'deep'), 'storage.modifier.deep.fsm');
    hasScope(at('history deep;', ';'), 'punctuation.terminator.statement.fsm');
  });

  test('defer, with one and several events', () => {
    hasScope(at('defer Publish;', 'defer'), 'keyword.control.defer.fsm');
    hasScope(at('defer Publish;', 'Publish'), 'variable.other.enummember.event.fsm');
    hasScope(at('defer Publish, Send;', 'Send'), 'variable.other.enummember.event.fsm');
  });

  test('a final state', () => {
    hasScope(at('final state Done {', 'final'), 'storage.modifier.final.fsm');
    hasScope(at('final state Done {', 'state'), 'keyword.other.state.fsm');
    hasScope(at('final state Done {', 'Done'), 'entity.name.type.state.fsm');
  });
});

describe('malformed input', () => {
  test('malformed durations are marked, valid ones are not', async () => {
    const result = await tokenize('timer A = 0s;\ntimer B = 30;\ntimer C = 1.5s;\ntimer D = 30S;\ntimer E = 10mss;\ntimer F = 15ms;');
    for (const line of result.lines.slice(0, 5)) {
      const value = line.tokens.find((t) => /^[0-9]/.test(t.text));
      assert.ok(value, `line ${line.line} has a number`);
      hasScope(value.scopes, 'invalid.illegal.duration.fsm');
    }
    const valid = result.lines[5].tokens.find((t) => t.text === '15');
    hasScope(valid.scopes, 'constant.numeric.duration.fsm');
    lacksScope(valid.scopes, 'invalid.illegal.duration.fsm');
  });

  test('a statement without its semicolon does not swallow the next one', async () => {
    const result = await tokenize('state A {\n  on Go -> B\n  on Stop -> C;\n  ignore X\n}\nstate B;');
    const at = tokenFinder(result);
    hasScope(at('on Stop -> C;', 'on'), 'keyword.control.on.fsm');
    lacksScope(at('on Stop -> C;', 'on'), 'entity.name.type.state.fsm');
    hasScope(at('on Stop -> C;', 'Stop'), 'variable.other.enummember.event.fsm');
    hasScope(at('ignore X', 'X'), 'variable.other.enummember.event.fsm');
    hasScope(at('}', '}'), 'punctuation.section.block.end.fsm');
    hasScope(at('state B;', 'B'), 'entity.name.type.state.fsm');
    assertBalanced(result);
  });

  test('a target and actions on the lines after the event', async () => {
    const result = await tokenize('on Go [Ready] ->\n    Running\n    / Start,\n      Log;');
    const at = tokenFinder(result);
    hasScope(at('Running', 'Running'), 'entity.name.type.state.fsm');
    hasScope(at('/ Start', 'Start'), 'entity.name.function.action.fsm');
    hasScope(at('Log;', 'Log'), 'entity.name.function.action.fsm');
    hasScope(at('Log;', ';'), 'punctuation.terminator.statement.fsm');
    assertBalanced(result);
  });

  test('a comment between the arrow and the target, and a block comment inside a statement', async () => {
    const result = await tokenize('on Go -> /* to */ Running / Start; // done\nignore A, /* B, */ C;');
    const at = tokenFinder(result);
    hasScope(at('on Go', 'Running'), 'entity.name.type.state.fsm');
    hasScope(at('on Go', 'Start'), 'entity.name.function.action.fsm');
    hasScope(at('on Go', '// done'.slice(0, 2)), 'punctuation.definition.comment.fsm');
    hasScope(at('ignore A', 'B,'), 'comment.block.fsm');
    hasScope(at('ignore A', 'C'), 'variable.other.enummember.event.fsm');
  });

  test('a closing brace with no block is marked', async () => {
    const result = await tokenize('state A;\n}');
    hasScope(result.lines[1].tokens[0].scopes, 'invalid.illegal.stray-brace.fsm');
  });

  test('identifiers in other scripts', async () => {
    const result = await tokenize('events Öffnen, Schließen;\nstate Geöffnet { on Schließen -> Zu; }');
    const at = tokenFinder(result);
    hasScope(at('events', 'Schließen'), 'variable.other.enummember.event.fsm');
    hasScope(at('state Geöffnet', 'Geöffnet'), 'entity.name.type.state.fsm');
    hasScope(at('state Geöffnet', 'Schließen'), 'variable.other.enummember.event.fsm');
  });
});
