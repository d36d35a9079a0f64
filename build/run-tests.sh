#!/usr/bin/env bash
# Fresh machine: installs the system packages if missing, then restores, builds and tests KerasStyle.ML.sln (Release).
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Dense").
# The TRX report lands in artifacts/test-results/; the last line printed is "N passed, N failed, N skipped".
# Exits non-zero when the build or a test fails, when no TRX report was written, or when no test ran.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly RESULTS_DIR=artifacts/test-results

summary() { echo "$1 passed, $2 failed, $3 skipped"; }
on_setup_failure() { summary 0 0 0; }
source "build/setup-common.sh"

# Sum of one attribute of <Counters .../> over the TRX files.
counter() {
  local name=$1 total=0 value file
  for file in "${trx_files[@]}"; do
    value=$(grep -o '<Counters [^>]*>' "$file" | head -n 1 | sed -n "s/.* ${name}=\"\([0-9]*\)\".*/\1/p" || true)
    total=$((total + ${value:-0}))
  done
  echo "$total"
}

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
