#!/usr/bin/env bash
# Creates AspireObo's Microsoft Entra ID app registrations with the Azure CLI (Microsoft Graph through `az rest`)
# and hands their identifiers to the AppHost as parameters. Step by step and by hand: docs/entra-setup.md.
#
#   az login --tenant <tenant>            # an account allowed to register apps and grant admin consent
#   scripts/entra-setup.sh [--prefix NAME] [--azd]
#
# Creates: DownstreamApi (scopes Todo.Read, Todo.ReadWrite), FrontApi (scope access_as_user, delegated permission on
# both Todo scopes and on Microsoft Graph User.Read, admin consent, a client secret) and a public client for trying it (knownClientApplications of
# FrontApi). Sets the AppHost's user secrets; with --azd also the current azd environment. Prints no secret.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix="AspireObo"
use_azd=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --azd) use_azd=true; shift ;;
    *) echo "usage: $0 [--prefix NAME] [--azd]" >&2; exit 2 ;;
  esac
done

graph="https://graph.microsoft.com/v1.0"
tenant_id=$(az account show --query tenantId -o tsv)

# Creates an app registration (single tenant) and its service principal; prints "appId objectId".
create_app() {
  local app_id object_id
  { read -r app_id; read -r object_id; } < <(az ad app create --display-name "$1" --sign-in-audience AzureADMyOrg \
    --query "[appId, id]" -o tsv)
  az ad sp create --id "$app_id" --output none
  echo "$app_id $object_id"
}

# PATCHes an application object with a Microsoft Graph JSON body.
patch_app() {
  az rest --method PATCH --uri "$graph/applications/$1" --headers "Content-Type=application/json" --body "$2" --output none
}

# A new GUID for a scope id (uuidgen on macOS and most Linux; the kernel's generator otherwise).
new_id() {
  if command -v uuidgen >/dev/null 2>&1; then uuidgen | tr '[:upper:]' '[:lower:]'; else cat /proc/sys/kernel/random/uuid; fi
}

# A delegated scope definition for the api.oauth2PermissionScopes array.
scope() {
  printf '{"id":"%s","value":"%s","type":"User","isEnabled":true,"adminConsentDisplayName":"%s","adminConsentDescription":"%s","userConsentDisplayName":"%s","userConsentDescription":"%s"}' \
    "$1" "$2" "$3" "$3" "$3" "$3"
}

echo "Tenant $tenant_id: creating $prefix DownstreamApi, FrontApi and Client..."

read -r down_app_id down_object_id < <(create_app "$prefix DownstreamApi")
todo_read=$(new_id)
todo_readwrite=$(new_id)
patch_app "$down_object_id" "{\"identifierUris\":[\"api://$down_app_id\"],\"api\":{\"requestedAccessTokenVersion\":2,\"oauth2PermissionScopes\":[$(scope "$todo_read" Todo.Read "Read your todos"),$(scope "$todo_readwrite" Todo.ReadWrite "Read and write your todos")]}}"

read -r front_app_id front_object_id < <(create_app "$prefix FrontApi")
read -r client_app_id client_object_id < <(create_app "$prefix Client")
access_as_user=$(new_id)
# One PATCH for FrontApi's whole api object. knownClientApplications: consenting to the client then covers
# FrontApi's downstream permissions too (combined consent).
# Microsoft Graph (FrontApi's second downstream API, GET /api/profile): its well-known app id and delegated User.Read.
graph_app_id=00000003-0000-0000-c000-000000000000
graph_user_read=e1fe6dd8-ba31-4d61-89e7-88639da4683d
patch_app "$front_object_id" "{\"identifierUris\":[\"api://$front_app_id\"],\"api\":{\"requestedAccessTokenVersion\":2,\"knownClientApplications\":[\"$client_app_id\"],\"oauth2PermissionScopes\":[$(scope "$access_as_user" access_as_user "Call AspireObo FrontApi as you")]},\"requiredResourceAccess\":[{\"resourceAppId\":\"$down_app_id\",\"resourceAccess\":[{\"id\":\"$todo_read\",\"type\":\"Scope\"},{\"id\":\"$todo_readwrite\",\"type\":\"Scope\"}]},{\"resourceAppId\":\"$graph_app_id\",\"resourceAccess\":[{\"id\":\"$graph_user_read\",\"type\":\"Scope\"}]}]}"
patch_app "$client_object_id" "{\"isFallbackPublicClient\":true,\"publicClient\":{\"redirectUris\":[\"http://localhost\"]},\"requiredResourceAccess\":[{\"resourceAppId\":\"$front_app_id\",\"resourceAccess\":[{\"id\":\"$access_as_user\",\"type\":\"Scope\"}]}]}"

# Tenant-wide admin consent; new service principals can take a few seconds to be visible.
for app in "$front_app_id" "$client_app_id"; do
  for attempt in 1 2 3 4 5 6; do
    az ad app permission admin-consent --id "$app" --output none 2>/dev/null && break
    [[ $attempt -eq 6 ]] && { echo "Admin consent for $app failed: grant it in the portal (docs/entra-setup.md)." >&2; exit 1; }
    sleep 10
  done
done

front_secret=$(az ad app credential reset --id "$front_app_id" --display-name "$prefix OBO" --years 1 --query password -o tsv)

# Locally: the AppHost's user secrets. With --azd: the azd environment too, which maps each Aspire parameter to
# AZURE_<NAME> (dashes become underscores) instead of prompting. Its .env file is local and git-ignored.
set_parameter() {
  dotnet user-secrets set "Parameters:$1" "$2" --project AppHost >/dev/null
  if [[ $use_azd == true ]]; then
    azd env set "AZURE_$(tr '[:lower:]-' '[:upper:]_' <<<"$1")" "$2" >/dev/null
  fi
}
set_parameter entra-tenant-id "$tenant_id"
set_parameter front-api-client-id "$front_app_id"
set_parameter downstream-api-client-id "$down_app_id"
set_parameter front-api-client-secret "$front_secret"

cat <<DONE
Done. The AppHost's user secrets now select Microsoft Entra ID (dotnet run --project AppHost).
  tenant            $tenant_id
  FrontApi          $front_app_id   (scope api://$front_app_id/access_as_user)
  DownstreamApi     $down_app_id   (scopes Todo.Read, Todo.ReadWrite)
  Client (public)   $client_app_id
  FrontApi secret   stored in user secrets$([[ $use_azd == true ]] && echo " and the azd environment"), valid 1 year
DONE
