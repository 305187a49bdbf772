using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.ApiKeys;

/// <summary>A key's requests per UTC day for the last 30 days (today last, days without requests as 0) and when it was last used.</summary>
public sealed record GetApiKeyUsage(Guid Id) : IQuery<ApiKeyUsageResponse>;

public sealed record ApiKeyUsageResponse(Guid KeyId, DateTime? LastUsedAt, IReadOnlyList<ApiKeyUsageDayResponse> Days);

public sealed record ApiKeyUsageDayResponse(DateOnly Date, long Requests);

internal sealed class GetApiKeyUsageHandler(CmsDbContext db, KeyUsage usage, TimeProvider clock) : IQueryHandler<GetApiKeyUsage, ApiKeyUsageResponse>
{
    public const int Days = 30;

    public async ValueTask<ApiKeyUsageResponse> Handle(GetApiKeyUsage query, CancellationToken ct)
    {
        // This instance's counts first, so the report includes them; other instances' arrive with their next flush.
        await usage.FlushAsync(ct);
        var key = await db.ApiKeys.AsNoTracking().Where(k => k.Id == query.Id).Select(k => new { k.Id, k.LastUsedAt }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("API key", query.Id.ToString());
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = today.AddDays(1 - Days);
        var counted = await db.ApiKeyUsage.AsNoTracking().Where(u => u.KeyId == key.Id && u.Day >= first && u.Day <= today)
            .ToDictionaryAsync(u => u.Day, u => u.Requests, ct);
        var days = Enumerable.Range(0, Days).Select(i => first.AddDays(i))
            .Select(day => new ApiKeyUsageDayResponse(day, counted.GetValueOrDefault(day))).ToList();
        return new ApiKeyUsageResponse(key.Id, key.LastUsedAt, days);
    }
}
