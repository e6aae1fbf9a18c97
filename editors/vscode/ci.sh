#!/usr/bin/env bash
# Builds and checks the VS Code extension: installs its locked packages, runs its tests under Node's test
# runner, packages the .vsix with @vscode/vsce (to artifacts/vscode/) and lists what is inside. Ends with
#   Node tests: N passed, N failed, N skipped
# and exits non-zero when a test fails or the .vsix cannot be made. Without Node and npm it says so and
# counts the extension's suite as one skipped test.
set -uo pipefail
cd "$(dirname "$0")"

summary() { echo "Node tests: $1 passed, $2 failed, $3 skipped"; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "editors/vscode: node and npm are not installed; the extension's tests and .vsix are skipped"
  summary 0 0 1
  exit 0
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "editors/vscode: node $(node --version) is older than 20, which @vscode/vsce needs; the extension's tests and .vsix are skipped"
  summary 0 0 1
  exit 0
fi

echo "== editors/vscode: npm ci (node $(node --version), npm $(npm --version))"
# No install scripts: the only one is @vscode/vsce-sign's, for signing, which packaging does not use.
if ! npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; then
  echo "editors/vscode: npm ci failed"
  summary 0 1 0
  exit 1
fi

echo "== editors/vscode: node --test"
log=$(mktemp)
node --test --test-reporter=spec test/*.test.js 2>&1 | tee "$log"
test_status=${PIPESTATUS[0]}
# The spec reporter closes with lines such as "ℹ pass 61", "ℹ fail 0", "ℹ skipped 1", "ℹ todo 0", "ℹ cancelled 0".
count() { grep -E "^ℹ $1 [0-9]+$" "$log" | tail -1 | awk '{print $3}'; }
passed=$(count pass); failed=$(count fail); skipped=$(count skipped); todo=$(count todo); cancelled=$(count cancelled)
rm -f "$log"
passed=${passed:-0}; failed=$(( ${failed:-0} + ${cancelled:-0} )); skipped=$(( ${skipped:-0} + ${todo:-0} ))
if [ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The runner itself failed (a file that does not load, say): count that as a failure.
  failed=1
fi

echo "== editors/vscode: vsce package"
version=$(node -p 'require("./package.json").version')
out_dir=../../artifacts/vscode
vsix="$out_dir/tcpfsmgen-$version.vsix"
mkdir -p "$out_dir"
rm -f "$vsix"
package_status=0
if npx --no vsce package --out "$vsix"; then
  echo "== editors/vscode: contents of $(cd "$out_dir" && pwd)/$(basename "$vsix")"
  node scripts/list-vsix.js "$vsix" || package_status=1
else
  echo "editors/vscode: vsce package failed"
  package_status=1
fi

summary "$passed" "$failed" "$skipped"
if [ "$test_status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$package_status" -ne 0 ]; then
  exit 1
fi
exit 0
