using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using HeadlessCms.Api.Common.Security;

namespace HeadlessCms.Api.Features.Syndication;

public enum SyncTokenKind : byte
{
    /// <summary>nextSyncToken: everything up to <see cref="SyncPosition.From"/> was handed out.</summary>
    Sync = 1,

    /// <summary>nextPageToken of an initial sync: the published articles after <see cref="SyncPosition.AfterId"/>, as of generation To.</summary>
    InitialPage = 2,

    /// <summary>nextPageToken of a delta: the changes in (From, To] after (AfterGeneration, AfterId).</summary>
    DeltaPage = 3,
}

/// <summary>Where a sync stands. IssuedAt is when the sync this token continues was started (retention is measured from it).</summary>
public sealed record SyncPosition(SyncTokenKind Kind, long From, long To, long AfterGeneration, Guid AfterId, DateTime IssuedAt);

/// <summary>
/// Sync tokens: the position in a fixed binary layout, then an HMAC-SHA256 (truncated to 128 bits) under a server
/// secret kept in the database, so every instance accepts every instance's tokens. base64url outside; a token that
/// does not decode or whose MAC does not match is forged or corrupted, and is refused.
/// </summary>
public sealed class SyncTokens(ServerSecrets secrets)
{
    public const int MaxLength = 120;
    private const byte Version = 1;
    private const int PayloadLength = 1 + 1 + 8 + 8 + 8 + 16 + 8;
    private const int MacLength = 16;
    private const string SecretName = "sync-token";

    public async Task<string> WriteAsync(SyncPosition position, CancellationToken ct)
    {
        var key = await secrets.GetAsync(SecretName, ct);
        var bytes = new byte[PayloadLength + MacLength];
        var span = bytes.AsSpan();
        span[0] = Version;
        span[1] = (byte)position.Kind;
        BinaryPrimitives.WriteInt64BigEndian(span[2..], position.From);
        BinaryPrimitives.WriteInt64BigEndian(span[10..], position.To);
        BinaryPrimitives.WriteInt64BigEndian(span[18..], position.AfterGeneration);
        position.AfterId.TryWriteBytes(span[26..42], bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(span[42..], position.IssuedAt.Ticks);
        HMACSHA256.HashData(key, span[..PayloadLength])[..MacLength].CopyTo(span[PayloadLength..]);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The position in a token this API wrote, or null for anything else.</summary>
    public async Task<SyncPosition?> ReadAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length != PayloadLength + MacLength || bytes[0] != Version)
        {
            return null;
        }

        var key = await secrets.GetAsync(SecretName, ct);
        var expected = HMACSHA256.HashData(key, bytes.AsSpan(0, PayloadLength));
        if (!CryptographicOperations.FixedTimeEquals(expected.AsSpan(0, MacLength), bytes.AsSpan(PayloadLength)))
        {
            return null;
        }

        return Parse(bytes);
    }

    private static SyncPosition? Parse(ReadOnlySpan<byte> span)
    {
        var kind = (SyncTokenKind)span[1];
        var ticks = BinaryPrimitives.ReadInt64BigEndian(span[42..]);
        if (!Enum.IsDefined(kind) || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return null;
        }

        return new SyncPosition(
            kind,
            BinaryPrimitives.ReadInt64BigEndian(span[2..]),
            BinaryPrimitives.ReadInt64BigEndian(span[10..]),
            BinaryPrimitives.ReadInt64BigEndian(span[18..]),
            new Guid(span[26..42], bigEndian: true),
            new DateTime(ticks, DateTimeKind.Utc));
    }
}
