using System.Security.Cryptography;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessCms.Api.Common.Http;

/// <summary>
/// A stored answer to a write sent with an <c>Idempotency-Key</c> header (IETF draft-ietf-httpapi-idempotency-key-header):
/// a retry with the same key and the same request gets the same answer and changes nothing. Keys are scoped to the API
/// key that sent them. The record commits in the same transaction as the write it answers, so either both exist or neither.
/// </summary>
public sealed class IdempotencyRecord
{
    public Guid Id { get; set; }

    /// <summary>The API key (id, or name for the configured admin key) that sent the request.</summary>
    public required string Owner { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 of what the request asked (operation, parameters, body): a reused key with another request is a 422.</summary>
    public required string RequestHash { get; set; }

    public int Status { get; set; }

    public required string Response { get; set; }

    public DateTime CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<IdempotencyRecord> e)
    {
        e.Property(r => r.Owner).HasMaxLength(100);
        e.Property(r => r.Key).HasMaxLength(Idempotency.MaxKeyLength);
        e.Property(r => r.RequestHash).HasMaxLength(64);
        e.HasIndex(r => new { r.Owner, r.Key }).IsUnique();
        e.HasIndex(r => r.CreatedAt);
    }
}

public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>The header's value: absent is null; present must be 1-255 visible ASCII characters (400 otherwise).</summary>
    public static string? KeyFrom(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Header, out var values))
        {
            return null;
        }

        var key = values.Count == 1 ? values[0]!.Trim().Trim('"') : null;
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            throw ValidationRules.Field("idempotencyKey",
                $"{Header} must be one value of 1 to {MaxKeyLength} visible ASCII characters, such as a UUID.");
        }

        return key;
    }

    public static string Owner(Caller caller) => caller.KeyId?.ToString() ?? caller.KeyName ?? "anonymous";

    public static string Hash(string operation, ReadOnlySpan<byte> body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(operation + "\n"));
        sha.AppendData(body);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The stored answer for this key, if any; a key stored for a different request is a 422.</summary>
    public static async Task<IdempotencyRecord?> FindAsync(CmsDbContext db, string owner, string key, string requestHash, CancellationToken ct)
    {
        var stored = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Owner == owner && r.Key == key, ct);
        if (stored is not null && stored.RequestHash != requestHash)
        {
            throw new IdempotencyKeyReusedException();
        }

        return stored;
    }

    /// <summary>Drops answers older than the retention, a few at a time, so the table stays small without a job of its own.</summary>
    public static Task<int> PurgeAsync(CmsDbContext db, TimeSpan retention, TimeProvider clock, CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime - retention;
        return db.IdempotencyRecords.Where(r => r.CreatedAt < before).ExecuteDeleteAsync(ct);
    }
}

/// <summary>422: the Idempotency-Key was already used for a different request.</summary>
public sealed class IdempotencyKeyReusedException()
    : ProblemException(StatusCodes.Status422UnprocessableEntity, "Unprocessable Content",
        $"This {Idempotency.Header} was already used for a different request. Use a new key for a new request.");
