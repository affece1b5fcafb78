#!/usr/bin/env bash
# Makes sure this machine can run AspireObo without a container runtime: the .NET SDK must be there, and a
# local redis-server is installed when neither Docker nor Podman answers (the AppHost then runs Redis as a process).
set -euo pipefail

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required: https://dotnet.microsoft.com/download" >&2
  exit 1
fi

container_runtime_answers() {
  local runtime="${ASPIRE_CONTAINER_RUNTIME:-docker}"
  command -v "$runtime" >/dev/null 2>&1 && timeout 10 "$runtime" info >/dev/null 2>&1
}

# Installs Debian packages (as root, or through sudo).
apt_install() {
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    return 1
  fi
}

if ! command -v redis-server >/dev/null 2>&1 && { [[ "${1:-}" == "--require-redis" ]] || ! container_runtime_answers; }; then
  echo "Installing redis-server (no container runtime answered)..."
  if ! apt_install redis-server; then
    echo "Install Redis (e.g. 'apt-get install redis-server' or 'brew install redis') or start Docker, then retry." >&2
    exit 1
  fi
fi

# The tests lint scripts/entra-setup.sh (it needs a tenant to run, so its syntax is what can be tested here).
if [[ " $* " == *" --require-shellcheck "* ]] && ! command -v shellcheck >/dev/null 2>&1; then
  echo "Installing shellcheck..."
  if ! apt_install shellcheck; then
    echo "Install shellcheck (e.g. 'apt-get install shellcheck' or 'brew install shellcheck'), then retry." >&2
    exit 1
  fi
fi
