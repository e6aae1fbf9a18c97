'use strict';
// Loads the extension's TextMate grammar with the same engine VS Code uses (vscode-textmate over the
// Oniguruma regular expressions of vscode-oniguruma), and turns text into tokens with their scopes.
const fs = require('node:fs');
const path = require('node:path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const extensionRoot = path.join(__dirname, '..');
const repoRoot = path.join(extensionRoot, '..', '..');
const grammarPath = path.join(extensionRoot, 'syntaxes', 'fsm.tmLanguage.json');

let grammarPromise;

/** The grammar for `source.fsm`, loaded once. */
function loadGrammar() {
  grammarPromise ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName) => {
        if (scopeName !== 'source.fsm') return null;
        return vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath);
      },
    });
    const grammar = await registry.loadGrammar('source.fsm');
    if (!grammar) throw new Error(`no grammar for source.fsm in ${grammarPath}`);
    return grammar;
  })();
  return grammarPromise;
}

/**
 * Tokenises `text` line by line, carrying the rule stack across lines as an editor does.
 * Returns { lines: [{ line, text, tokens: [{ text, start, scopes }] }], endState }.
 */
async function tokenize(text) {
  const grammar = await loadGrammar();
  let state = vsctm.INITIAL;
  const lines = [];
  text.split(/\r\n|\r|\n/).forEach((lineText, index) => {
    const result = grammar.tokenizeLine(lineText, state);
    lines.push({
      line: index + 1,
      text: lineText,
      tokens: result.tokens.map((t) => ({
        text: lineText.substring(t.startIndex, Math.min(t.endIndex, lineText.length)),
        start: t.startIndex,
        scopes: t.scopes,
      })),
    });
    state = result.ruleStack;
  });
  return { lines, endState: state };
}

/** Reads a file of the repository (samples/...) as text. */
function readRepoFile(relativePath) {
  return fs.readFileSync(path.join(repoRoot, relativePath), 'utf8');
}

/**
 * A small query over tokenised text: `at(lineText, word, n)` finds the n-th (0-based) whole token
 * whose text is `word` on the first line that contains `lineText`, and returns its scopes.
 */
function tokenFinder(result) {
  return function at(lineText, word, occurrence = 0) {
    const line = result.lines.find((l) => l.text.includes(lineText));
    if (!line) throw new Error(`no line contains ${JSON.stringify(lineText)}`);
    const matches = line.tokens.filter((t) => t.text.trim() === word);
    if (matches.length <= occurrence) {
      const shown = line.tokens.map((t) => JSON.stringify(t.text)).join(' ');
      throw new Error(`line ${line.line} has no token #${occurrence} ${JSON.stringify(word)}; its tokens: ${shown}`);
    }
    return matches[occurrence].scopes;
  };
}

module.exports = { loadGrammar, tokenize, readRepoFile, tokenFinder, extensionRoot, repoRoot, grammarPath };
