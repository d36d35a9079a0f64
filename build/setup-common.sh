# Shared by run-demo.sh and run-tests.sh: what a fresh machine needs before the build.
# Scripts that source it may define on_setup_failure (run before exiting when the SDK is missing).

readonly APT_PACKAGES=(graphviz dataset-fashion-mnist fonts-dejavu-core python3-onnx openmpi-bin)

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
    echo "warning: continuing without them; parts that need them will fail or be skipped." >&2
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
    on_setup_failure
    exit 127
  fi
  if ! dotnet --list-sdks 2>/dev/null | grep -Eq '^(1[0-9]|[2-9][0-9])\.'; then
    echo "error: the .NET 10 SDK (or newer) is required; found: $(dotnet --list-sdks 2>/dev/null | tr '\n' ' ')" >&2
    on_setup_failure
    exit 127
  fi
}

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

declare -F on_setup_failure >/dev/null || on_setup_failure() { :; }
