using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.ApiKeys;

/// <summary>API keys, oldest first (never their secrets); paged like every list.</summary>
public sealed record ListApiKeys(int? Limit, string? Cursor) : IQuery<Page<ApiKeyResponse>>;

internal sealed class ListApiKeysValidator : AbstractValidator<ListApiKeys>
{
    public ListApiKeysValidator()
    {
        RuleFor(x => x.Limit).PageLimit();
        RuleFor(x => x.Cursor).ValidCursor(CursorKind.Timeline);
    }
}

internal sealed class ListApiKeysHandler(CmsDbContext db) : IQueryHandler<ListApiKeys, Page<ApiKeyResponse>>
{
    public async ValueTask<Page<ApiKeyResponse>> Handle(ListApiKeys query, CancellationToken ct)
    {
        var keys = db.ApiKeys.AsNoTracking();
        if (Cursor.TryTimeline(query.Cursor, out var at, out var lastId))
        {
            keys = keys.Where(k => k.CreatedAt > at || (k.CreatedAt == at && k.Id.CompareTo(lastId) > 0));
        }

        var limit = query.Limit ?? 20;
        var items = await keys.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).Take(limit + 1)
            .Select(k => new ApiKeyResponse(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.RequestsPerMinute, k.RequestsPerDay, k.LastUsedAt))
            .ToListAsync(ct);
        return items.Count > limit
            ? new Page<ApiKeyResponse>(items[..limit], Cursor.ForTimeline(items[limit - 1].CreatedAt, items[limit - 1].Id))
            : new Page<ApiKeyResponse>(items, null);
    }
}
