using System.Security.Cryptography;
using System.Text;
using HeadlessCms.Api.Data;

namespace HeadlessCms.Api.Features.Webhooks;

/// <summary>
/// Standard Webhooks 1.0 signing: <c>v1,</c> + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")),
/// the key being the base64 after <c>whsec_</c>. Several signatures are separated by spaces (during a rotation).
/// Checked against the StandardWebhooks NuGet package and the npm standardwebhooks package in the tests.
/// </summary>
public static class WebhookSigning
{
    public const string SecretPrefix = "whsec_";
    private const int KeyBytes = 32;

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    public static string MessageId(Guid deliveryId) => "msg_" + deliveryId.ToString("N");

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }

    /// <summary>
    /// The webhook-signature header: the current secret's signature, and while a rotation lasts the previous one's
    /// before it. The spec lets a receiver accept any of them, but the StandardWebhooks NuGet package (1.1.2) checks only
    /// the first: with the old secret first, a .NET receiver that has not switched yet keeps working through the window.
    /// </summary>
    public static string Header(WebhookSubscription subscription, string messageId, long timestamp, string body, DateTime now)
    {
        var current = Sign(subscription.Secret, messageId, timestamp, body);
        return subscription.PreviousSecret is { } previous && subscription.PreviousSecretUntil > now
            ? Sign(previous, messageId, timestamp, body) + " " + current
            : current;
    }
}
