#!/bin/sh
# azd postprovision hook: creates the long-running grant key in the app's Key Vault when the deployer may write
# secrets (GRANT_DEPLOYER_ACCESS=true) and the vault has none yet. The key (32 random bytes, base64) is streamed from
# openssl into az and never printed or passed as an argument; an existing key is left as it is (rotation: see
# docs/deploy.md). New role assignments take minutes to apply, so a vault that still answers Forbidden is retried.
set -eu

name="${LONG_RUNNING_GRANT_KEY_NAME:-long-running-grant-key}"
tries="${GRANT_KEY_HOOK_TRIES:-12}"
delay="${GRANT_KEY_HOOK_RETRY_SECONDS:-15}"

case "${GRANT_DEPLOYER_ACCESS:-false}" in
  true | True | TRUE) ;;
  *)
    echo "Grant key: not written (GRANT_DEPLOYER_ACCESS is not true); write the secret '$name' as docs/deploy.md shows."
    exit 0
    ;;
esac
vault="${AZURE_KEY_VAULT_NAME:-}"
if [ -z "$vault" ]; then
  echo "Grant key: AZURE_KEY_VAULT_NAME is not set (did provisioning finish?)" >&2
  exit 1
fi
for tool in az openssl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "Grant key: '$tool' is not installed; write the secret '$name' as docs/deploy.md shows." >&2
    exit 1
  fi
done

attempt=1
while :; do
  if out=$(az keyvault secret show --vault-name "$vault" --name "$name" --query id -o tsv 2>&1); then
    echo "Grant key: '$name' already exists in $vault; left unchanged."
    exit 0
  fi
  case "$out" in
    *SecretNotFound*)
      if out=$(openssl rand -base64 32 | tr -d '\n' | az keyvault secret set --vault-name "$vault" --name "$name" --file /dev/stdin --query id -o tsv 2>&1); then
        echo "Grant key: created '$name' in $vault."
        exit 0
      fi
      ;;
  esac
  case "$out" in
    *Forbidden*) ;;
    *)
      echo "Grant key: could not create '$name' in $vault: $out" >&2
      exit 1
      ;;
  esac
  if [ "$attempt" -ge "$tries" ]; then
    echo "Grant key: $vault still refuses access after $tries tries; once your role assignment applies, run: azd hooks run postprovision" >&2
    exit 1
  fi
  echo "Grant key: $vault refuses access (a new role assignment is not applied yet); retrying in ${delay}s ($attempt/$tries)."
  attempt=$((attempt + 1))
  sleep "$delay"
done
