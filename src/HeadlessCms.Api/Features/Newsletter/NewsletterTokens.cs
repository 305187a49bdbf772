using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Security;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Newsletter;

public enum TokenPurpose : byte
{
    Confirm = (byte)'c',
    Unsubscribe = (byte)'u',
}

/// <summary>What a verified token says: whose it is, and the confirmation round it belongs to.</summary>
public sealed record VerifiedToken(Guid SubscriberId, int Stamp);

/// <summary>
/// The links in newsletter emails carry signed tokens instead of stored random ones: purpose, subscriber id, expiry
/// (none for unsubscribe links, which must keep working in old emails) and the confirmation round, followed by an
/// HMAC-SHA256 (truncated to 128 bits) under Cms:Newsletter:TokenSecret, or a secret kept in the database. 60 URL-safe
/// characters; nothing about the address is in it.
/// </summary>
public sealed class NewsletterTokens(IOptions<NewsletterOptions> options, ServerSecrets secrets, TimeProvider clock)
{
    /// <summary>Tokens are 60 characters; anything over this is rejected without decoding.</summary>
    public const int MaxTokenLength = 100;

    private const int PayloadLength = 1 + 16 + 8 + 4;
    private const int MacLength = 16;
    private byte[]? key;

    public async Task<string> ForConfirmationAsync(Guid subscriberId, int stamp, CancellationToken ct) =>
        Create(await KeyAsync(ct), TokenPurpose.Confirm, subscriberId, clock.GetUtcNow().AddHours(options.Value.ConfirmHours), stamp);

    public async Task<string> ForUnsubscribeAsync(Guid subscriberId, CancellationToken ct) =>
        Create(await KeyAsync(ct), TokenPurpose.Unsubscribe, subscriberId, null, 0);

    /// <summary>The token's content, or a 400 problem that tells the reader what to do.</summary>
    public async Task<VerifiedToken> VerifyAsync(string? token, TokenPurpose purpose, CancellationToken ct)
    {
        var bytes = Decode(token);
        if (bytes is null || bytes[0] != (byte)purpose)
        {
            throw InvalidTokenException.Invalid(purpose);
        }

        var mac = Mac(await KeyAsync(ct), bytes.AsSpan(0, PayloadLength));
        if (!CryptographicOperations.FixedTimeEquals(mac, bytes.AsSpan(PayloadLength)))
        {
            throw InvalidTokenException.Invalid(purpose);
        }

        var expires = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(17, 8));
        if (expires != 0 && clock.GetUtcNow().ToUnixTimeSeconds() > expires)
        {
            throw InvalidTokenException.Expired();
        }

        return new VerifiedToken(new Guid(bytes.AsSpan(1, 16), bigEndian: true), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(25, 4)));
    }

    private async ValueTask<byte[]> KeyAsync(CancellationToken ct)
    {
        if (key is null)
        {
            var configured = options.Value.TokenSecret;
            var secret = string.IsNullOrEmpty(configured) ? await secrets.GetAsync("newsletter-tokens", ct) : Encoding.UTF8.GetBytes(configured);
            key = HMACSHA256.HashData(secret, "hcms-newsletter-token/v1"u8);
        }

        return key;
    }

    private static string Create(byte[] key, TokenPurpose purpose, Guid subscriberId, DateTimeOffset? expires, int stamp)
    {
        Span<byte> bytes = stackalloc byte[PayloadLength + MacLength];
        bytes[0] = (byte)purpose;
        subscriberId.TryWriteBytes(bytes.Slice(1, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(bytes.Slice(17, 8), expires?.ToUnixTimeSeconds() ?? 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.Slice(25, 4), stamp);
        Mac(key, bytes[..PayloadLength]).CopyTo(bytes[PayloadLength..]);
        return Base64Url.EncodeToString(bytes);
    }

    private static byte[] Mac(byte[] key, ReadOnlySpan<byte> payload) => HMACSHA256.HashData(key, payload)[..MacLength];

    private static byte[]? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        try
        {
            var bytes = Base64Url.DecodeFromChars(token.Trim());
            return bytes.Length == PayloadLength + MacLength ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>400: a confirmation or unsubscribe link that cannot be used. <c>reason</c> is invalid, expired or used.</summary>
public sealed class InvalidTokenException : ProblemException
{
    private InvalidTokenException(string reason, string detail)
        : base(StatusCodes.Status400BadRequest, "The link cannot be used", detail)
    {
        Extensions["reason"] = reason;
        Extensions["errors"] = new Dictionary<string, string[]> { ["token"] = [detail] };
    }

    public static InvalidTokenException Invalid(TokenPurpose purpose) => new("invalid", purpose == TokenPurpose.Confirm
        ? "This confirmation link is not valid. Open the link exactly as it is in the email (some mail programs break long links), or sign up again to get a new one."
        : "This unsubscribe link is not valid. Open the link exactly as it is in the email, or use the unsubscribe link of a more recent email.");

    public static InvalidTokenException Expired() => new("expired",
        "This confirmation link has expired. Sign up again with the same address to get a new one.");

    public static InvalidTokenException Used() => new("used",
        "This confirmation link has already been used or was replaced by a newer one. If you are not receiving the newsletter, sign up again.");
}
