// MSAL Node as a CAE-capable client of FrontApi (README "Claims challenges: CAE and authentication context"): it
// declares the client capability cp1, calls /api/profile, and after the user's sessions are revoked receives FrontApi's
// claims challenge (401, WWW-Authenticate: Bearer … error="insufficient_claims", claims="<base64>"), passes the claims
// to acquireToken… as Microsoft Learn's CAE guidance shows, and succeeds with the new token. One JSON line per check:
//   {"library":"msal-node","check":"cae: challenge","passed":true,"detail":"..."}
// TLS: the emulator's certificate is trusted through NODE_EXTRA_CA_CERTS only.
import { PublicClientApplication } from "@azure/msal-node";
import { expect, required } from "./checks.mjs";

const env = required([
  "EMULATOR_URL", // https://localhost:port/
  "TENANT_ID",
  "DEV_CLIENT_ID",
  "FRONT_SCOPE", // api://<front>/access_as_user
  "FRONT_URL", // FrontApi's base address
  "USER_NAME", "USER_PASSWORD",
]);

const authority = new URL(env.TENANT_ID, env.EMULATOR_URL).toString();
const client = new PublicClientApplication({
  auth: {
    authority,
    knownAuthorities: [new URL(env.EMULATOR_URL).host],
    clientId: env.DEV_CLIENT_ID,
    clientCapabilities: ["cp1"], // "this client handles claims challenges": MSAL sends xms_cc with every request
  },
});

let token;
await check("cae: token declares cp1", async () => {
  token = await signIn();
  const capabilities = payload(token).xms_cc ?? [];
  expect(capabilities.includes("cp1"), `xms_cc ${JSON.stringify(capabilities)}`);
  return `FrontApi's token carries xms_cc ${JSON.stringify(capabilities)}`;
});

await check("cae: profile before", async () => {
  const response = await profile(token);
  expect(response.status === 200, `status ${response.status}`);
  return "200";
});

let claims;
await check("cae: challenge after revocation", async () => {
  await sleep(1100); // tokens count whole seconds
  const revoked = await fetch(new URL(`_emulator/users/${encodeURIComponent(env.USER_NAME)}/revokeSignInSessions`, env.EMULATOR_URL), {
    method: "POST",
    headers: { "X-Emulator-Control": "1" },
  });
  expect(revoked.ok, `revocation ${revoked.status}`);
  const response = await profile(token);
  const header = response.headers.get("www-authenticate") ?? "";
  expect(response.status === 401, `status ${response.status}`);
  expect(header.includes('error="insufficient_claims"'), header);
  const encoded = /claims="([^"]+)"/.exec(header)?.[1];
  expect(encoded, `claims in ${header}`);
  claims = Buffer.from(encoded, "base64").toString("utf8");
  expect(JSON.parse(claims).access_token?.nbf, claims);
  return `401 with claims ${claims}`;
});

await check("cae: signed in again with the claims", async () => {
  const again = await signIn(claims);
  const response = await profile(again);
  expect(response.status === 200, `status ${response.status}`);
  return "the new token's /api/profile is 200";
});

async function signIn(claimsRequest) {
  const result = await client.acquireTokenByUsernamePassword({
    scopes: [env.FRONT_SCOPE],
    username: env.USER_NAME,
    password: env.USER_PASSWORD,
    ...(claimsRequest ? { claims: claimsRequest } : {}),
  });
  return result.accessToken;
}

function profile(accessToken) {
  return fetch(new URL("/api/profile", env.FRONT_URL), { headers: { Authorization: `Bearer ${accessToken}` } });
}

function payload(jwt) {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));
}

function sleep(milliseconds) {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

async function check(name, run) {
  try {
    const detail = await run();
    console.log(JSON.stringify({ library: "msal-node", check: name, passed: true, detail }));
  } catch (error) {
    console.log(JSON.stringify({ library: "msal-node", check: name, passed: false, detail: error?.stack ?? String(error) }));
  }
}
