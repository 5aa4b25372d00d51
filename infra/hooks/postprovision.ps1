# azd postprovision hook (Windows): the same as postprovision.sh. Creates the long-running grant key in the app's Key
# Vault when the deployer may write secrets (GRANT_DEPLOYER_ACCESS=true) and the vault has none yet; an existing key
# is left as it is. Windows has no /dev/stdin for az, so the key goes through a temporary file in the user's own temp
# folder, deleted at once; it is never printed or passed as an argument. A vault that still answers Forbidden (a new
# role assignment not applied yet) is retried.
$name = if ($env:LONG_RUNNING_GRANT_KEY_NAME) { $env:LONG_RUNNING_GRANT_KEY_NAME } else { 'long-running-grant-key' }
$tries = if ($env:GRANT_KEY_HOOK_TRIES) { [int]$env:GRANT_KEY_HOOK_TRIES } else { 12 }
$delay = if ($env:GRANT_KEY_HOOK_RETRY_SECONDS) { [int]$env:GRANT_KEY_HOOK_RETRY_SECONDS } else { 15 }

if ($env:GRANT_DEPLOYER_ACCESS -ne 'true') {
  Write-Host "Grant key: not written (GRANT_DEPLOYER_ACCESS is not true); write the secret '$name' as docs/deploy.md shows."
  exit 0
}
$vault = $env:AZURE_KEY_VAULT_NAME
if (-not $vault) {
  [Console]::Error.WriteLine('Grant key: AZURE_KEY_VAULT_NAME is not set (did provisioning finish?)')
  exit 1
}
if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
  [Console]::Error.WriteLine("Grant key: 'az' is not installed; write the secret '$name' as docs/deploy.md shows.")
  exit 1
}

for ($attempt = 1; ; $attempt++) {
  $out = az keyvault secret show --vault-name $vault --name $name --query id -o tsv 2>&1 | Out-String
  if ($LASTEXITCODE -eq 0) {
    Write-Host "Grant key: '$name' already exists in $vault; left unchanged."
    exit 0
  }
  if ($out -match 'SecretNotFound') {
    $file = New-TemporaryFile
    try {
      $bytes = [byte[]]::new(32)
      [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
      [System.IO.File]::WriteAllText($file.FullName, [Convert]::ToBase64String($bytes))
      $out = az keyvault secret set --vault-name $vault --name $name --file $file.FullName --query id -o tsv 2>&1 | Out-String
      $created = $LASTEXITCODE -eq 0
    } finally {
      Remove-Item -LiteralPath $file.FullName -Force
    }
    if ($created) {
      Write-Host "Grant key: created '$name' in $vault."
      exit 0
    }
  }
  if ($out -notmatch 'Forbidden') {
    [Console]::Error.WriteLine("Grant key: could not create '$name' in ${vault}: $out")
    exit 1
  }
  if ($attempt -ge $tries) {
    [Console]::Error.WriteLine("Grant key: $vault still refuses access after $tries tries; once your role assignment applies, run: azd hooks run postprovision")
    exit 1
  }
  Write-Host "Grant key: $vault refuses access (a new role assignment is not applied yet); retrying in ${delay}s ($attempt/$tries)."
  Start-Sleep -Seconds $delay
}
