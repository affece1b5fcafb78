#!/usr/bin/env bash
# Installs what the tests need (a local redis-server: the whole-system tests run Redis as a real process; Chromium
# for the browser tests; shellcheck for the setup script's lint; MSAL Node and MSAL Python, the independent clients), builds, and runs every test project. Ends with one summary line: "Tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
scripts/ensure-prerequisites.sh --require-redis --require-browser --require-shellcheck --require-clients || exit 1

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)

# Layout conventions (.editorconfig): whitespace here; the code-style rules are checked by the build itself.
if ! dotnet format whitespace --folder --verify-no-changes; then
  echo "Formatting differs from .editorconfig: run 'dotnet format whitespace --folder' and commit."
  echo "Tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

dotnet build AspireObo.sln -c Release --nologo -v quiet 2>&1 | tail -n 20
build_status=${PIPESTATUS[0]}
if [[ $build_status -ne 0 ]]; then
  echo "Build failed."
  echo "Tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

dotnet test --solution AspireObo.sln -c Release --no-build --no-progress "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The runner prints a failed test where it failed, before its captured output (often thousands of lines): name each
# failure again at the end, with its message, so the last screen of a CI log says what failed.
failures=$(awk '/^failed / { n = 12 } n > 0 && /^(    at |  Standard output)/ { n = 0 } n-- > 0' "$log" | cut -c1-400)
if [[ -n $failures ]]; then
  echo
  echo "Failed tests:"
  echo "$failures"
fi

sum() { grep -E "^\s+$1: [0-9]+" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
echo "Tests: $(sum succeeded) passed, $(sum failed) failed, $(sum skipped) skipped"
exit "$status"
