#!/usr/bin/env bash
# Infra check (the CI step "infra: bicep build + lint").
#   bash scripts/infra-check.sh
# Compiles every .bicep file under infra/ with `bicep build` and lints it with `bicep lint` (rules and levels
# from infra/bicepconfig.json). Fails on ANY error or warning: the CLI exits 0 on warnings and prints them to
# stderr, so the output is parsed too (only Info diagnostics may appear). Also checks that the JSON files next
# to the templates parse. The compiled templates land in .cache/infra/ (main.json is read by test/infra/).
# Needs the Bicep CLI: scripts/bicep.sh finds it on PATH or restores it from NuGet, and fails loudly otherwise.
# INFRA_DIR and INFRA_OUT_DIR override the folders (test/infra/infra-check.test.ts checks a broken copy).
set -uo pipefail
cd "$(dirname "$0")/.."

t0=$SECONDS
infra_dir="${INFRA_DIR:-infra}"
out_dir="${INFRA_OUT_DIR:-.cache/infra}"

if ! bicep_bin="$(bash scripts/bicep.sh --which)"; then
  echo "infra-check: FAILED: no usable Bicep CLI (see the message above)" >&2
  exit 1
fi
if ! version="$("${bicep_bin}" --version 2>&1)"; then
  echo "infra-check: FAILED: ${bicep_bin} does not run: ${version}" >&2
  exit 1
fi
echo "infra-check: ${version} (${bicep_bin})"

mapfile -t files < <(find "${infra_dir}" -name '*.bicep' -type f | sort)
if [ "${#files[@]}" -eq 0 ]; then
  echo "infra-check: FAILED: no .bicep files under ${infra_dir}/" >&2
  exit 1
fi

problems=0

# Runs one bicep command. A non-zero exit, or any output line other than an Info diagnostic, is a failure.
check() {
  local label=$1
  shift
  local output rc unexpected
  output="$("${bicep_bin}" "$@" 2>&1)"
  rc=$?
  unexpected="$(printf '%s\n' "${output}" | grep -v -E '^[[:space:]]*$' | grep -v -E '\) : Info ' || true)"
  if [ "${rc}" -ne 0 ] || [ -n "${unexpected}" ]; then
    echo "infra-check: FAILED: ${label} (exit ${rc})" >&2
    printf '%s\n' "${output}" >&2
    problems=$((problems + 1))
  else
    echo "infra-check: ok: ${label}"
  fi
}

# One process per command for all files (each CLI start costs seconds); --outdir keeps the folder layout.
rm -rf "${out_dir}.tmp"
mkdir -p "${out_dir}.tmp"
check "bicep build (${#files[@]} files)" build --pattern "${infra_dir}/**/*.bicep" --outdir "${out_dir}.tmp"
check "bicep lint (${#files[@]} files)" lint --pattern "${infra_dir}/**/*.bicep"

# Every file must really have been compiled (a pattern that silently matched less would otherwise pass).
for f in "${files[@]}"; do
  rel="${f#"${infra_dir}"/}"
  if [ ! -s "${out_dir}.tmp/${rel%.bicep}.json" ]; then
    echo "infra-check: FAILED: ${f} was not compiled" >&2
    problems=$((problems + 1))
  fi
done

for j in "${infra_dir}"/*.json; do
  if node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "${j}" 2>/dev/null; then
    echo "infra-check: ok: ${j} is valid JSON"
  else
    echo "infra-check: FAILED: ${j} is not valid JSON" >&2
    problems=$((problems + 1))
  fi
done

if [ "${problems}" -gt 0 ]; then
  rm -rf "${out_dir}.tmp"
  echo "infra-check: FAILED: ${problems} problem(s) in ${#files[@]} Bicep file(s) ($((SECONDS - t0)) s)" >&2
  exit 1
fi
# Publish the compiled templates only when everything is clean.
mkdir -p "${out_dir}"
cp -R "${out_dir}.tmp/." "${out_dir}/"
rm -rf "${out_dir}.tmp"
echo "infra-check: ${#files[@]} Bicep file(s) build and lint clean ($((SECONDS - t0)) s)"
