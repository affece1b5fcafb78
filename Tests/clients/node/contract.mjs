// MSAL Node, an independent client, against the running AspireObo system: does the EntraEmulator keep Entra's
// contract well enough for Microsoft's own JavaScript library? Prints one JSON line per check:
//   {"library":"msal-node","check":"discovery","passed":true,"detail":"..."}
// Inputs (environment): the names passed to required() below. TLS: the emulator's certificate is trusted through NODE_EXTRA_CA_CERTS
// (that certificate only, added to Node's CAs); certificate validation is never turned off.
import {
  ConfidentialClientApplication,
  InteractionRequiredAuthError,
  LogLevel,
  PublicClientApplication,
} from "@azure/msal-node";
import { expect, required } from "./checks.mjs";

const env = required([
  "EMULATOR_URL", // https://localhost:port/ (the emulator's base address)
  "TENANT_ID",
  "DEV_CLIENT_ID", // the public client users sign in with
  "FRONT_CLIENT_ID", // FrontApi: the middle tier that goes On-Behalf-Of
  "FRONT_CLIENT_SECRET", // FrontApi's credential, read from the running system
  "FRONT_SCOPE", // api://<front>/access_as_user
  "DOWNSTREAM_READ_SCOPE", // api://<downstream>/Todo.Read
  "DOWNSTREAM_WRITE_SCOPE", // api://<downstream>/Todo.ReadWrite
  "DOWNSTREAM_DEFAULT_SCOPE", // api://<downstream>/.default
  "USER_NAME", "USER_PASSWORD", // a user without Conditional Access (alice)
  "SECOND_USER_NAME", "SECOND_USER_PASSWORD", // another one, for the alternation count (bob)
  "MFA_USER_NAME", "MFA_USER_PASSWORD", // dana: MFA required for DownstreamApi
]);

const authority = new URL(env.TENANT_ID, env.EMULATOR_URL).toString();
const host = new URL(env.EMULATOR_URL).host;
const logs = [];
const system = {
  loggerOptions: {
    logLevel: LogLevel.Verbose,
    piiLoggingEnabled: false, // no tokens or user names in what we keep
    loggerCallback: (_level, message) => logs.push(message),
  },
};
// knownAuthorities: this host is trusted as an authority, so MSAL skips Microsoft's cloud instance discovery and
// reads the emulator's own OpenID configuration.
const auth = { authority, knownAuthorities: [host] };

const front = new ConfidentialClientApplication({
  auth: { ...auth, clientId: env.FRONT_CLIENT_ID, clientSecret: env.FRONT_CLIENT_SECRET },
  system,
});
const devClient = new PublicClientApplication({ auth: { ...auth, clientId: env.DEV_CLIENT_ID }, system });

await check("discovery", async () => {
  const result = await front.acquireTokenByClientCredential({ scopes: [env.DOWNSTREAM_DEFAULT_SCOPE] });
  const discovery = `${authority}/v2.0/.well-known/openid-configuration`;
  const fetched = logs.some((line) => line.includes(`attempting to retrieve OAuth endpoints from '${discovery}'`));
  const failed = logs.some((line) => line.includes("could not parse response as OpenID configuration"));
  expect(fetched && !failed, `MSAL read ${discovery}: ${fetched}, parse failure: ${failed}`);
  expect(result.accessToken, "a token from the endpoints discovery published");
  return `MSAL Node resolved the endpoints from ${discovery}`;
});

let userToken;
await check("user token", async () => {
  userToken = await userTokenFor(env.USER_NAME, env.USER_PASSWORD);
  const claims = payload(userToken);
  expect(claims.ver === "2.0" && claims.aud === clientIdOf(env.FRONT_SCOPE), `v2.0 token for FrontApi (aud ${claims.aud})`);
  expect(claims.scp === "access_as_user", `scp ${claims.scp}`);
  return `ver ${claims.ver}, scp ${claims.scp}`;
});

await check("on-behalf-of", async () => {
  const before = await exchangesFor(userToken);
  const result = await front.acquireTokenOnBehalfOf({ oboAssertion: userToken, scopes: [env.DOWNSTREAM_READ_SCOPE] });
  const claims = payload(result.accessToken);
  expect(!result.fromCache, "the first exchange reached the token endpoint");
  expect(claims.aud === clientIdOf(env.DOWNSTREAM_READ_SCOPE), `aud ${claims.aud}`);
  expect(claims.oid === payload(userToken).oid, "the user carries over");
  expect(claims.azp === env.FRONT_CLIENT_ID && claims.azpacr === "1", `azp ${claims.azp}, azpacr ${claims.azpacr}`);
  expect(!("amr" in claims), "no amr in a v2.0 access token");
  expect((await exchangesFor(userToken)) === before + 1, "one exchange counted by the emulator");
  return `scp ${claims.scp}; scopes MSAL cached: ${result.scopes.join(" ")}`;
});

await check("on-behalf-of from cache", async () => {
  const before = await exchangesFor(userToken);
  const result = await front.acquireTokenOnBehalfOf({ oboAssertion: userToken, scopes: [env.DOWNSTREAM_READ_SCOPE] });
  expect(result.fromCache, "MSAL Node answered from its own cache");
  expect((await exchangesFor(userToken)) === before, "no exchange reached the emulator");
  return "fromCache: true, emulator exchanges unchanged";
});

await check("alternating scopes cost one exchange", async () => {
  const token = await userTokenFor(env.SECOND_USER_NAME, env.SECOND_USER_PASSWORD);
  const sources = [];
  for (const scope of [env.DOWNSTREAM_READ_SCOPE, env.DOWNSTREAM_WRITE_SCOPE, env.DOWNSTREAM_READ_SCOPE, env.DOWNSTREAM_WRITE_SCOPE]) {
    const result = await front.acquireTokenOnBehalfOf({ oboAssertion: token, scopes: [scope] });
    sources.push(result.fromCache ? "cache" : "network");
  }
  const exchanges = await exchangesFor(token);
  expect(exchanges === 1, `the emulator counted ${exchanges} exchanges (${sources.join(", ")})`);
  expect(sources.join() === "network,cache,cache,cache", sources.join(", "));
  return `read, write, read, write: ${sources.join(", ")}`;
});

await check("client credentials", async () => {
  const app = new ConfidentialClientApplication({
    auth: { ...auth, clientId: env.FRONT_CLIENT_ID, clientSecret: env.FRONT_CLIENT_SECRET },
    system,
  });
  const first = await app.acquireTokenByClientCredential({ scopes: [env.DOWNSTREAM_DEFAULT_SCOPE] });
  const second = await app.acquireTokenByClientCredential({ scopes: [env.DOWNSTREAM_DEFAULT_SCOPE] });
  const claims = payload(first.accessToken);
  expect(!first.fromCache && second.fromCache, `first from network, second from cache (${first.fromCache}, ${second.fromCache})`);
  expect(!("scp" in claims) && claims.oid === claims.sub, "an app-only token");
  return "app-only token, then served from MSAL's cache";
});

await check("conditional access challenge", async () => {
  const token = await userTokenFor(env.MFA_USER_NAME, env.MFA_USER_PASSWORD);
  try {
    await front.acquireTokenOnBehalfOf({ oboAssertion: token, scopes: [env.DOWNSTREAM_READ_SCOPE] });
  } catch (error) {
    expect(error instanceof InteractionRequiredAuthError, `MSAL's interaction-required error (got ${error?.constructor?.name})`);
    expect(error.errorCode === "invalid_grant" && error.subError === "basic_action", `${error.errorCode} / ${error.subError}`);
    expect(error.errorMessage.startsWith("AADSTS50076"), error.errorMessage.split("\n")[0]);
    const claims = JSON.parse(error.claims);
    expect(claims.access_token?.capolids?.essential === true, `claims ${error.claims}`);
    return `InteractionRequiredAuthError ${error.errorCode}/${error.subError} with claims ${error.claims}`;
  }
  throw new Error("the OBO exchange for dana was not refused");
});

async function userTokenFor(username, password) {
  const result = await devClient.acquireTokenByUsernamePassword({ scopes: [env.FRONT_SCOPE], username, password });
  return result.accessToken;
}

/** How many OBO exchanges the emulator performed for this incoming token (its /_emulator/stats, keyed by uti). */
async function exchangesFor(token) {
  const response = await fetch(new URL("_emulator/stats", env.EMULATOR_URL));
  const stats = await response.json();
  return stats.onBehalfOf.byAssertion[payload(token).uti] ?? 0;
}

function payload(jwt) {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));
}

function clientIdOf(scope) {
  return new URL(scope).host;
}

async function check(name, run) {
  try {
    const detail = await run();
    report(name, true, detail);
  } catch (error) {
    report(name, false, error?.stack ?? String(error));
  }
}

function report(check, passed, detail) {
  console.log(JSON.stringify({ library: "msal-node", check, passed, detail }));
}
