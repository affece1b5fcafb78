"""MSAL Python, an independent client, against the running AspireObo system.

Does the EntraEmulator keep Entra's contract well enough for Microsoft's own Python library? Prints one JSON line per
check: {"library": "msal-python", "check": "discovery", "passed": true, "detail": "..."}.
Inputs come from the environment (the same names as the Node client). TLS: REQUESTS_CA_BUNDLE points at the emulator's
certificate, the only one trusted here; certificate validation is never turned off.
"""
import base64
import json
import os
import sys
import traceback

import msal
import requests

NAMES = [
    "EMULATOR_URL", "TENANT_ID", "DEV_CLIENT_ID", "FRONT_CLIENT_ID", "FRONT_CLIENT_SECRET", "FRONT_SCOPE",
    "DOWNSTREAM_READ_SCOPE", "DOWNSTREAM_WRITE_SCOPE", "DOWNSTREAM_DEFAULT_SCOPE",
    "USER_NAME", "USER_PASSWORD", "SECOND_USER_NAME", "SECOND_USER_PASSWORD", "MFA_USER_NAME", "MFA_USER_PASSWORD",
]
missing = [name for name in NAMES if not os.environ.get(name)]
if missing:
    sys.exit(f"Missing environment variables: {', '.join(missing)}")
env = {name: os.environ[name] for name in NAMES}
if not os.environ.get("REQUESTS_CA_BUNDLE"):
    sys.exit("REQUESTS_CA_BUNDLE must point at the emulator's certificate")

authority = env["EMULATOR_URL"].rstrip("/") + "/" + env["TENANT_ID"]


def payload(jwt):
    part = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def client_id_of(scope):
    return scope.split("://", 1)[1].split("/", 1)[0]


def exchanges_for(token):
    """How many OBO exchanges the emulator performed for this incoming token (its /_emulator/stats, keyed by uti)."""
    stats = requests.get(env["EMULATOR_URL"].rstrip("/") + "/_emulator/stats", timeout=30).json()
    return stats["onBehalfOf"]["byAssertion"].get(payload(token)["uti"], 0)


def expect(condition, message):
    if not condition:
        raise AssertionError(f"expected: {message}")


def check(name, run):
    try:
        passed, detail = True, run()
    except Exception:  # a failed check is reported, the next one still runs
        passed, detail = False, traceback.format_exc()
    print(json.dumps({"library": "msal-python", "check": name, "passed": passed, "detail": detail}), flush=True)


def confidential(cache=None):
    # instance_discovery=False: the emulator is the authority itself; MSAL then reads its OpenID configuration.
    return msal.ConfidentialClientApplication(
        env["FRONT_CLIENT_ID"], client_credential=env["FRONT_CLIENT_SECRET"], authority=authority,
        instance_discovery=False, token_cache=cache)


dev_client = msal.PublicClientApplication(env["DEV_CLIENT_ID"], authority=authority, instance_discovery=False)
# MSAL Python 1.21's user realm discovery (ROPC's first step) asks https://{host}/common/userrealm/... without the
# authority's port, so it cannot reach an authority on a port (Entra's never has one). The library skips the step for
# hosts it has seen answer 404; record this host as such (the step would only say "Managed" for these users).
msal.authority.Authority._domains_without_user_realm_discovery.add(dev_client.authority.instance)


def user_token(username, password):
    result = dev_client.acquire_token_by_username_password(username, password, scopes=[env["FRONT_SCOPE"]])
    expect("access_token" in result, f"a user token for {username}: {result.get('error_description', result)}")
    return result["access_token"]


state = {}


def discovery():
    app = confidential()
    published = requests.get(authority + "/v2.0/.well-known/openid-configuration", timeout=30).json()
    expect(app.authority.token_endpoint == published["token_endpoint"], f"token endpoint {app.authority.token_endpoint}")
    expect(app.authority.authorization_endpoint == published["authorization_endpoint"], "authorization endpoint")
    return f"MSAL Python resolved {app.authority.token_endpoint}"


def user():
    state["token"] = user_token(env["USER_NAME"], env["USER_PASSWORD"])
    claims = payload(state["token"])
    expect(claims["ver"] == "2.0" and claims["aud"] == client_id_of(env["FRONT_SCOPE"]), f"aud {claims['aud']}")
    expect(claims["scp"] == "access_as_user", f"scp {claims['scp']}")
    return f"ver {claims['ver']}, scp {claims['scp']}"


def on_behalf_of():
    # One application and one token cache per incoming user token: MSAL Python's pattern for a middle tier.
    state["app"] = confidential(msal.TokenCache())
    before = exchanges_for(state["token"])
    result = state["app"].acquire_token_on_behalf_of(state["token"], [env["DOWNSTREAM_READ_SCOPE"]])
    expect("access_token" in result, result.get("error_description", str(result)))
    claims = payload(result["access_token"])
    expect(claims["aud"] == client_id_of(env["DOWNSTREAM_READ_SCOPE"]), f"aud {claims['aud']}")
    expect(claims["oid"] == payload(state["token"])["oid"], "the user carries over")
    expect(claims["azp"] == env["FRONT_CLIENT_ID"] and claims["azpacr"] == "1", f"azp {claims['azp']} azpacr {claims['azpacr']}")
    expect("amr" not in claims, "no amr in a v2.0 access token")
    expect(exchanges_for(state["token"]) == before + 1, "one exchange counted by the emulator")
    state["obo"] = result["access_token"]
    return f"scp {claims['scp']}; scope answered: {result.get('scope')}"


def on_behalf_of_from_cache():
    # MSAL Python 1.21's acquire_token_on_behalf_of always calls the token endpoint; its cache is read through
    # acquire_token_silent for the account the OBO answer (id token + client_info) put there.
    app = state["app"]
    accounts = app.get_accounts()
    expect(len(accounts) == 1, f"one account cached by the OBO answer ({len(accounts)})")
    before = exchanges_for(state["token"])
    result = app.acquire_token_silent([env["DOWNSTREAM_READ_SCOPE"]], account=accounts[0])
    expect(result and result.get("access_token") == state["obo"], "the token the exchange cached")
    expect(exchanges_for(state["token"]) == before, "no exchange reached the emulator")
    return "acquire_token_silent answered from MSAL's cache; emulator exchanges unchanged"


def alternating_scopes():
    token = user_token(env["SECOND_USER_NAME"], env["SECOND_USER_PASSWORD"])
    app = confidential(msal.TokenCache())
    first = app.acquire_token_on_behalf_of(token, [env["DOWNSTREAM_READ_SCOPE"]])
    expect("access_token" in first, first.get("error_description", str(first)))
    account = app.get_accounts()[0]
    for scope in [env["DOWNSTREAM_WRITE_SCOPE"], env["DOWNSTREAM_READ_SCOPE"], env["DOWNSTREAM_WRITE_SCOPE"]]:
        result = app.acquire_token_silent([scope], account=account)
        expect(result and result.get("access_token") == first["access_token"], f"the cached token serves {scope}")
    exchanges = exchanges_for(token)
    expect(exchanges == 1, f"the emulator counted {exchanges} exchanges")
    return "read (exchange), write, read, write (cache): 1 exchange"


def client_credentials():
    app = confidential(msal.TokenCache())
    first = app.acquire_token_for_client([env["DOWNSTREAM_DEFAULT_SCOPE"]])
    expect("access_token" in first, first.get("error_description", str(first)))
    # MSAL Python 1.21 reads an app token from its cache through acquire_token_silent with no account.
    second = app.acquire_token_silent([env["DOWNSTREAM_DEFAULT_SCOPE"]], account=None)
    expect(second and second.get("access_token") == first["access_token"], "the second answer came from MSAL's cache")
    claims = payload(first["access_token"])
    expect("scp" not in claims and claims["oid"] == claims["sub"], "an app-only token")
    return "app-only token, then served from MSAL's cache"


def conditional_access():
    token = user_token(env["MFA_USER_NAME"], env["MFA_USER_PASSWORD"])
    result = confidential().acquire_token_on_behalf_of(token, [env["DOWNSTREAM_READ_SCOPE"]])
    # MSAL Python reports errors as its result dict (no exception type): error, suberror and the claims to send back.
    expect("access_token" not in result, "the exchange was refused")
    expect(result.get("error") == "invalid_grant" and result.get("suberror") == "basic_action",
           f"{result.get('error')} / {result.get('suberror')}")
    expect(50076 in result.get("error_codes", []), f"error codes {result.get('error_codes')}")
    claims = json.loads(result["claims"])
    expect(claims["access_token"]["capolids"]["essential"] is True, f"claims {result['claims']}")
    return f"{result['error']}/{result['suberror']} with claims {result['claims']}"


check("discovery", discovery)
check("user token", user)
check("on-behalf-of", on_behalf_of)
check("on-behalf-of from cache", on_behalf_of_from_cache)
check("alternating scopes cost one exchange", alternating_scopes)
check("client credentials", client_credentials)
check("conditional access challenge", conditional_access)
