using HeadlessCms.Api.Common.OpenApi;
using HeadlessCms.Api.Common.Security;

namespace HeadlessCms.Api.Features.ApiKeys;

/// <summary>A key as admins see it later: never the secret, only the prefix that identifies it.</summary>
public sealed record ApiKeyResponse(
    Guid Id, string Name, [property: ClosedSet(typeof(Roles), nameof(Roles.All))] string Role, string Prefix, DateTime CreatedAt,
    int? RequestsPerMinute, int? RequestsPerDay, DateTime? LastUsedAt);

/// <summary>The one response that carries the secret: the creation of the key.</summary>
public sealed record CreatedApiKeyResponse(
    Guid Id, string Name, [property: ClosedSet(typeof(Roles), nameof(Roles.All))] string Role, string Prefix, DateTime CreatedAt,
    int? RequestsPerMinute, int? RequestsPerDay, string Key);
