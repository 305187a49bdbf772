// Checks webhook deliveries with the npm standardwebhooks package, as a partner's receiver would (WebhookInteropTests).
// stdin: [{ secret, id, timestamp, signature, body }]; stdout: [{ ok, type } | { ok: false, error }].
const { Webhook } = require("standardwebhooks");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const results = JSON.parse(input).map((d) => {
    try {
      const headers = { "webhook-id": d.id, "webhook-timestamp": d.timestamp, "webhook-signature": d.signature };
      const payload = new Webhook(d.secret).verify(d.body, headers);
      return { ok: true, type: payload.type };
    } catch (e) {
      return { ok: false, error: String((e && e.message) || e) };
    }
  });
  process.stdout.write(JSON.stringify(results));
});
