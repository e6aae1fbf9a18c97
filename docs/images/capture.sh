#!/usr/bin/env bash
# Takes docs/images/neovim-lsp.svg: Neovim in tmux, editing the door with a misspelt target, `fsm lsp` attached
# with the configuration of docs/ide.md, showing the diagnostic and a hover. The screen is read with
# `tmux capture-pane -e` and drawn as SVG by AnsiToSvg.cs.
# Needs dotnet, nvim and tmux. Run from anywhere: docs/images/capture.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/fsm-capture.XXXXXX)
socket=fsm-capture-$$
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

# The fsm tool, on PATH as an installed tool would be.
dotnet build "$root/cli/TcpFsmGen.Cli.csproj" -c Release -o "$work/fsm" -nologo -v quiet >/dev/null
mkdir -p "$work/bin"
printf '#!/bin/sh\nexec dotnet "%s/fsm/fsm.dll" "$@"\n' "$work" > "$work/bin/fsm"
chmod +x "$work/bin/fsm"

sed 's/on Lock -> Locked;/on Lock -> Lockd;/' "$root/tests/TcpFsmGen.Tests/Machines/door.fsm" > "$work/door.fsm"

# docs/ide.md's configuration, then display settings for the picture: line numbers, a sign column, a dark float,
# a curly underline under errors, and a few syntax rules (Neovim has no syntax file for .fsm; the server's
# semantic tokens need Neovim 0.9).
sed -n '/^```lua$/,/^```$/p' "$root/docs/ide.md" | sed '1d;$d' > "$work/init.lua"
cat >> "$work/init.lua" <<'LUA'
vim.o.number = true
vim.o.signcolumn = 'yes'
vim.keymap.set('n', 'K', vim.lsp.buf.hover)
vim.cmd('syntax on')
vim.cmd('highlight NormalFloat ctermbg=236 ctermfg=252')
vim.cmd('highlight DiagnosticUnderlineError cterm=undercurl gui=undercurl guisp=Red')
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'fsm',
  callback = function()
    vim.cmd('syntax match fsmComment "//.*$"')
    vim.cmd('syntax keyword fsmKeyword machine events timer initial state final entry exit on after ignore')
    vim.cmd('highlight link fsmComment Comment')
    vim.cmd('highlight link fsmKeyword Statement')
  end,
})
LUA

tmux -L "$socket" -f /dev/null new-session -d -x 100 -y 34 \
  "cd '$work' && PATH='$work/bin':\$PATH TERM=tmux-256color nvim -n -i NONE -u init.lua door.fsm"
wait_for() {
  for _ in $(seq 1 240); do
    tmux -L "$socket" capture-pane -p | grep -q "$1" && return 0
    sleep 0.5
  done
  echo "capture.sh: timed out waiting for '$1'" >&2
  exit 1
}
wait_for "is not declared"
# Hover on the target of line 12, 'on Close -> Closed;': the float opens below it, and line 23's error stays in view.
tmux -L "$socket" send-keys 12G '$' b K
wait_for "Declared at line"
tmux -L "$socket" capture-pane -e -p -N > "$work/screen.ansi"
dotnet run "$root/docs/images/AnsiToSvg.cs" -- "$work/screen.ansi" "$root/docs/images/neovim-lsp.svg" "nvim door.fsm — fsm lsp"
echo "wrote $root/docs/images/neovim-lsp.svg"
