// A real OpenID Connect provider for the single sign-on tests: the certified `oidc-provider`
// package, on 127.0.0.1 and a port the OS picks. Never for production use.
//
// Configured from the environment by the test fixture (safeguard/signon/tests/conftest.py):
//   OIDC_CLIENT_ID, OIDC_CLIENT_SECRET   the one client, Safeguard
//   OIDC_REDIRECT_URIS                   comma-separated redirect URIs registered for it
//   OIDC_ACCOUNTS                        JSON {"<sub>": {"email": ..., "email_verified": true,
//                                          "name": ..., "amr": ["pwd", "mfa"], "acr": ...}}
// Prints "ready <issuer>" once listening. The login page is a plain form: POST `login=<sub>`
// to the interaction URL signs that account in, with the amr/acr its entry gives.
import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import Provider from "oidc-provider";

const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || "{}");
const redirectUris = (process.env.OIDC_REDIRECT_URIS || "").split(",").filter(Boolean);
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: "jwk" }), kid: "test-signing-key", use: "sig", alg: "RS256" };

const configuration = {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: redirectUris,
      post_logout_redirect_uris: [],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ["only-for-the-test-provider"] },
  claims: {
    // How the person authenticated goes in every ID token, as Microsoft Entra ID puts `amr` in
    // its tokens; a claim of the `openid` scope is always released.
    sid: null,
    openid: ["sub", "acr", "amr", "auth_time"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name"],
  },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // Safeguard is this provider's only, first-party client: no consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
  async findAccount(ctx, sub) {
    const account = accounts[sub];
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        const { amr, acr, ...claims } = account;
        return { sub, ...claims };
      },
    };
  },
};

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readForm(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

const server = http.createServer();
server.listen(0, "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, configuration);
  const handle = provider.callback();
  server.on("request", async (req, res) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(req.url.split("?")[0]);
    if (!match) return handle(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === "GET") {
        res.setHeader("Content-Type", "text/html; charset=utf-8");
        return res.end(
          `<!doctype html><title>Test identity provider</title><h1>Sign in (${escape(details.prompt.name)})</h1>` +
            `<form method="post" action="/interaction/${escape(details.uid)}">` +
            `<label>Login <input name="login"></label><button>Sign in</button></form>`,
        );
      }
      const login = (await readForm(req)).get("login") || "";
      const account = accounts[login];
      if (!account) {
        res.statusCode = 400;
        return res.end("No such test account");
      }
      const result = { login: { accountId: login, amr: account.amr, acr: account.acr } };
      return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    } catch (error) {
      res.statusCode = 500;
      return res.end(String(error));
    }
  });
  console.log(`ready ${issuer}`);
});

for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.close(() => process.exit(0)));
