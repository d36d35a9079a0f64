#!/usr/bin/env bash
# Fresh machine: installs the system packages if missing, then restores, builds and runs the main demo (Release).
# Arguments are passed to the demo: ./build/run-demo.sh [demo arguments...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source "build/setup-common.sh"

ensure_apt_packages
ensure_dotnet

dotnet restore src/Samples/Samples.csproj
dotnet build src/Samples/Samples.csproj -c Release --no-restore -nologo
dotnet run --project src/Samples -c Release --no-build -- "$@"
