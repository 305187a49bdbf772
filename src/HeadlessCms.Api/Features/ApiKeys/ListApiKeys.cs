using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.ApiKeys;

public sealed record ListApiKeys : IQuery<IReadOnlyList<ApiKeyResponse>>;

internal sealed class ListApiKeysHandler(CmsDbContext db) : IQueryHandler<ListApiKeys, IReadOnlyList<ApiKeyResponse>>
{
    public async ValueTask<IReadOnlyList<ApiKeyResponse>> Handle(ListApiKeys query, CancellationToken ct) =>
        await db.ApiKeys.AsNoTracking()
            .OrderBy(k => k.CreatedAt)
            .Select(k => new ApiKeyResponse(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.RequestsPerMinute, k.RequestsPerDay, k.LastUsedAt))
            .ToListAsync(ct);
}
