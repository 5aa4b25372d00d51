#!/usr/bin/env bash
# Runs the Bicep CLI: `bash scripts/bicep.sh <bicep arguments>` (e.g. `build infra/main.bicep --stdout`).
# `bash scripts/bicep.sh --which` prints the path of the binary it would run (restoring it first if needed).
#
# Where the binary comes from, first match wins:
#   1. $BICEP_BIN, if set (must be executable);
#   2. `bicep` on PATH;
#   3. the NuGet package Azure.Bicep.CommandLine.<rid> (version $BICEP_VERSION, default below), restored with the
#      .NET SDK into .cache/bicep/packages (a throwaway project, no global state touched).
# If none works the script exits non-zero with a message saying why. It never pretends to succeed.
set -euo pipefail

BICEP_VERSION="${BICEP_VERSION:-0.49.2}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache_dir="${repo_root}/.cache/bicep"

fail() {
  echo "bicep.sh: $*" >&2
  exit 2
}

runtime_id() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=osx ;;
    *) fail "unsupported OS $(uname -s): install the Bicep CLI and put it on PATH (or set BICEP_BIN)" ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) fail "unsupported CPU $(uname -m): install the Bicep CLI and put it on PATH (or set BICEP_BIN)" ;;
  esac
  if [ "${os}" = linux ] && [ "${arch}" = x64 ] && ldd --version 2>&1 | grep -qi musl; then
    echo "linux-musl-x64"
  else
    echo "${os}-${arch}"
  fi
}

restore_from_nuget() {
  local rid=$1 package_id package_dir binary project_dir log
  package_id="Azure.Bicep.CommandLine.${rid}"
  package_dir="${cache_dir}/packages/$(echo "${package_id}" | tr '[:upper:]' '[:lower:]')/${BICEP_VERSION}"
  binary="${package_dir}/tools/bicep"
  if [ -f "${binary}" ]; then
    chmod +x "${binary}"
    echo "${binary}"
    return 0
  fi
  command -v dotnet >/dev/null 2>&1 ||
    fail "no Bicep CLI: 'bicep' is not on PATH and the .NET SDK ('dotnet') is not installed to restore ${package_id} ${BICEP_VERSION} from NuGet"

  project_dir="${cache_dir}/restore-${rid}-${BICEP_VERSION}"
  mkdir -p "${project_dir}"
  # PackageDownload fetches a package without referencing it; netstandard2.0 builds with any .NET SDK version.
  cat >"${project_dir}/restore.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
    <DisableImplicitFrameworkReferences>true</DisableImplicitFrameworkReferences>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="${package_id}" Version="[${BICEP_VERSION}]" />
  </ItemGroup>
</Project>
EOF
  echo "bicep.sh: restoring ${package_id} ${BICEP_VERSION} from NuGet into ${cache_dir}/packages" >&2
  log="${project_dir}/restore.log"
  if ! dotnet restore "${project_dir}/restore.csproj" --packages "${cache_dir}/packages" --nologo >"${log}" 2>&1; then
    cat "${log}" >&2
    fail "dotnet restore of ${package_id} ${BICEP_VERSION} failed (see above); install the Bicep CLI on PATH or make NuGet reachable"
  fi
  [ -f "${binary}" ] || fail "restored ${package_id} ${BICEP_VERSION} but ${binary} is missing (package layout changed?)"
  chmod +x "${binary}"
  echo "${binary}"
}

locate() {
  if [ -n "${BICEP_BIN:-}" ]; then
    [ -x "${BICEP_BIN}" ] || fail "BICEP_BIN=${BICEP_BIN} is not an executable file"
    echo "${BICEP_BIN}"
    return 0
  fi
  if command -v bicep >/dev/null 2>&1; then
    command -v bicep
    return 0
  fi
  local rid
  rid="$(runtime_id)"
  mkdir -p "${cache_dir}"
  if command -v flock >/dev/null 2>&1; then
    # Serialise concurrent first runs (the infra tests and infra-check may start together).
    (
      flock 9
      restore_from_nuget "${rid}"
    ) 9>"${cache_dir}/.lock"
  else
    restore_from_nuget "${rid}"
  fi
}

bicep_bin="$(locate)"
if [ "${1:-}" = "--which" ]; then
  echo "${bicep_bin}"
  exit 0
fi
exec "${bicep_bin}" "$@"
