#!/usr/bin/env bash
# Makes sure this machine can run AspireObo without a container runtime: the .NET SDK must be there, and a
# local redis-server is installed when neither Docker nor Podman answers (the AppHost then runs Redis as a process).
#   --require-redis    install redis-server even when a container runtime answers (the tests run Redis as a process)
#   --require-browser  install Chromium (the browser tests drive it headless; Playwright's own download is not used)
#   --require-shellcheck install shellcheck (the tests lint scripts/entra-setup.sh, which needs a tenant to run)
#   --require-clients  install the independent MSAL clients the tests run: MSAL Node (npm, Tests/clients/node) and
#                      MSAL Python (Debian's python3-msal)
set -euo pipefail

require_redis=false
require_browser=false
require_shellcheck=false
require_clients=false
for argument in "$@"; do
  case "$argument" in
    --require-redis) require_redis=true ;;
    --require-browser) require_browser=true ;;
    --require-shellcheck) require_shellcheck=true ;;
    --require-clients) require_clients=true ;;
    *) echo "Unknown option: $argument" >&2; exit 2 ;;
  esac
done

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required: https://dotnet.microsoft.com/download" >&2
  exit 1
fi

container_runtime_answers() {
  local runtime="${ASPIRE_CONTAINER_RUNTIME:-docker}"
  command -v "$runtime" >/dev/null 2>&1 && timeout 10 "$runtime" info >/dev/null 2>&1
}

apt_install() {
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    return 1
  fi
}

if ! command -v redis-server >/dev/null 2>&1 && { $require_redis || ! container_runtime_answers; }; then
  echo "Installing redis-server (no container runtime answered)..."
  apt_install redis-server || {
    echo "Install Redis (e.g. 'apt-get install redis-server' or 'brew install redis') or start Docker, then retry." >&2
    exit 1
  }
fi

if $require_browser && [[ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]]; then
  echo "Installing chromium (for the browser tests)..."
  apt_install chromium chromium-driver || {
    echo "Install Chromium (e.g. 'apt-get install chromium') or set CHROMIUM_PATH to a Chromium binary, then retry." >&2
    exit 1
  }
fi

if $require_shellcheck && ! command -v shellcheck >/dev/null 2>&1; then
  echo "Installing shellcheck..."
  apt_install shellcheck || {
    echo "Install shellcheck (e.g. 'apt-get install shellcheck' or 'brew install shellcheck'), then retry." >&2
    exit 1
  }
fi

if $require_clients; then
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "Installing Node.js and npm (for the MSAL Node client tests)..."
    apt_install nodejs npm || {
      echo "Install Node.js 20 or later with npm, then retry." >&2
      exit 1
    }
  fi
  # MSAL Node 7 needs Node.js 20 or later (Debian 12's own nodejs is 18: use the NodeSource or distribution package of 20+).
  if (( $(node -p 'process.versions.node.split(".")[0]') < 20 )); then
    echo "MSAL Node needs Node.js 20 or later; found $(node --version). Install a newer Node.js, then retry." >&2
    exit 1
  fi
  node_client="$(dirname "$0")/../Tests/clients/node"
  if [[ ! -d "$node_client/node_modules/@azure/msal-node" || "$node_client/package-lock.json" -nt "$node_client/node_modules" ]]; then
    echo "Installing MSAL Node (npm ci in Tests/clients/node)..."
    npm ci --prefix "$node_client" --no-audit --no-fund --loglevel=error >/dev/null || {
      echo "npm ci failed in $node_client." >&2
      exit 1
    }
  fi
  # Debian's python3-msal lands in Debian's own interpreter, which may not be the python3 first on PATH.
  if ! /usr/bin/python3 -c 'import msal' >/dev/null 2>&1; then
    echo "Installing python3-msal (for the MSAL Python client tests)..."
    apt_install python3-msal || {
      echo "Install MSAL Python (e.g. 'apt-get install python3-msal'), then retry." >&2
      exit 1
    }
  fi
fi
