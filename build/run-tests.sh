#!/usr/bin/env bash
# Fresh machine: installs the system packages if missing, then restores, builds and tests KerasStyle.ML.sln (Release).
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Dense").
# The TRX report lands in artifacts/test-results/; the last line printed is "N passed, N failed, N skipped".
# Exits non-zero when the build or a test fails, when no TRX report was written, or when no test ran.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly APT_PACKAGES=(graphviz dataset-fashion-mnist fonts-dejavu-core)
readonly RESULTS_DIR=artifacts/test-results

# Installs the missing apt packages when we are root; otherwise says how to install them and carries on.
ensure_apt_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "note: not a Debian/Ubuntu system; make sure the equivalents of: ${APT_PACKAGES[*]} are installed." >&2
    return 0
  fi
  local missing=() package
  for package in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$package")
    fi
  done
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "warning: missing system packages: ${missing[*]}" >&2
    echo "warning: install them with: sudo apt-get install -y ${APT_PACKAGES[*]}" >&2
    echo "warning: continuing without them; tests that need them will fail or be skipped." >&2
    return 0
  fi
  echo "Installing ${missing[*]} ..."
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    echo "warning: could not install ${missing[*]}; continuing without them." >&2
  fi
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    # An SDK installed by dotnet-install.sh lives in $DOTNET_ROOT or ~/.dotnet without being on PATH.
    local root
    for root in "${DOTNET_ROOT:-}" "$HOME/.dotnet"; do
      if [[ -n $root && -x $root/dotnet ]]; then
        export DOTNET_ROOT=$root PATH="$root:$PATH"
        break
      fi
    done
  fi
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: 'dotnet' was not found on PATH. Install the .NET 10 SDK (see https://learn.microsoft.com/dotnet/core/install/linux) and retry." >&2
    summary 0 0 0
    exit 127
  fi
  if ! dotnet --list-sdks 2>/dev/null | grep -Eq '^(1[0-9]|[2-9][0-9])\.'; then
    echo "error: the .NET 10 SDK (or newer) is required; found: $(dotnet --list-sdks 2>/dev/null | tr '\n' ' ')" >&2
    summary 0 0 0
    exit 127
  fi
}

summary() { echo "$1 passed, $2 failed, $3 skipped"; }

# Sum of one attribute of <Counters .../> over the TRX files.
counter() {
  local name=$1 total=0 value file
  for file in "${trx_files[@]}"; do
    value=$(grep -o '<Counters [^>]*>' "$file" | head -n 1 | sed -n "s/.* ${name}=\"\([0-9]*\)\".*/\1/p" || true)
    total=$((total + ${value:-0}))
  done
  echo "$total"
}

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ensure_apt_packages
ensure_dotnet

rm -rf "$RESULTS_DIR"
if ! dotnet restore KerasStyle.ML.sln || ! dotnet build KerasStyle.ML.sln -c Release --no-restore -nologo; then
  echo "error: the build failed." >&2
  summary 0 0 0
  exit 1
fi

test_rc=0
dotnet test KerasStyle.ML.sln -c Release --no-build \
  --logger "trx;LogFilePrefix=results" --results-directory "$RESULTS_DIR" "$@" || test_rc=$?

shopt -s nullglob
trx_files=("$RESULTS_DIR"/*.trx)
shopt -u nullglob
if ((${#trx_files[@]} == 0)); then
  echo "error: no TRX report in $RESULTS_DIR (dotnet test exit code $test_rc)." >&2
  summary 0 0 0
  exit $((test_rc == 0 ? 1 : test_rc))
fi

passed=$(counter passed)
failed=$(( $(counter failed) + $(counter error) + $(counter timeout) + $(counter aborted) ))
# Skipped (e.g. [Ignore], Assert.Inconclusive) tests appear in "total" only, so count them as the rest.
skipped=$(( $(counter total) - passed - failed ))
if ((skipped < 0)); then
  skipped=0
fi

status=$test_rc
if ((failed > 0 && status == 0)); then
  status=1
fi
if ((passed + failed == 0)); then
  echo "error: no test ran." >&2
  if ((status == 0)); then
    status=1
  fi
fi
echo "TRX report(s): ${trx_files[*]}" >&2
summary "$passed" "$failed" "$skipped"
exit "$status"
