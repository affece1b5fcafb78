#!/usr/bin/env bash
# Runs the whole system under the Aspire AppHost (dashboard URL with its login token is printed below).
set -euo pipefail
cd "$(dirname "$0")/.." || exit 1
scripts/ensure-prerequisites.sh
exec dotnet run --project AppHost "$@"
