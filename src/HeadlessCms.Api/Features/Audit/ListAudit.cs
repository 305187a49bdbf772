using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.OpenApi;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Audit;

public sealed record AuditEntryResponse(
    Guid Id, DateTime At, Guid? KeyId, string? KeyName, string Action, string TargetType, Guid? TargetId, string? TargetSlug, int? Version);

/// <summary>The audit log, newest first: filter by target (id or slug), action, and a start time.</summary>
public sealed record ListAudit(string? Target, string? Action, DateTimeOffset? Since, int? Limit, string? Cursor) : IQuery<Page<AuditEntryResponse>>;

internal sealed class ListAuditValidator : AbstractValidator<ListAudit>
{
    /// <summary>Actions are short verbs (create, publish, release-slug, ...).</summary>
    private const int MaxAction = 40;

    public ListAuditValidator()
    {
        RuleFor(x => x.Target).IdOrSlug();
        RuleFor(x => x.Action).MaximumLength(MaxAction);
        RuleFor(x => x.Limit).PageLimit();
        RuleFor(x => x.Cursor).ValidCursor(CursorKind.Timeline);
    }
}

internal sealed class ListAuditHandler(CmsDbContext db) : IQueryHandler<ListAudit, Page<AuditEntryResponse>>
{
    public async ValueTask<Page<AuditEntryResponse>> Handle(ListAudit query, CancellationToken ct)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (query.Target is { } target)
        {
            entries = Guid.TryParse(target, out var id)
                ? entries.Where(e => e.TargetId == id)
                : entries.Where(e => e.TargetSlug == target.ToLowerInvariant());
        }

        if (query.Action is { } action)
        {
            entries = entries.Where(e => e.Action == action);
        }

        if (query.Since is { } since)
        {
            var from = since.UtcDateTime;
            entries = entries.Where(e => e.At >= from);
        }

        if (Cursor.TryTimeline(query.Cursor, out var at, out var lastId))
        {
            entries = entries.Where(e => e.At < at || (e.At == at && e.Id.CompareTo(lastId) < 0));
        }

        var limit = query.Limit ?? 50;
        var items = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(limit + 1)
            .Select(e => new AuditEntryResponse(e.Id, e.At, e.KeyId, e.KeyName, e.Action, e.TargetType, e.TargetId, e.TargetSlug, e.Version))
            .ToListAsync(ct);
        return items.Count > limit
            ? new Page<AuditEntryResponse>(items[..limit], Cursor.ForTimeline(items[limit - 1].At, items[limit - 1].Id))
            : new Page<AuditEntryResponse>(items, null);
    }
}

public static class AuditEndpoints
{
    public static void MapAudit(this RouteGroupBuilder api) =>
        api.MapGet("/audit", async (ISender sender, HttpContext http, string? target, string? action, DateTimeOffset? since,
                int? limit, string? cursor, CancellationToken ct) =>
                Paging.Ok(http, await sender.Send(new ListAudit(target, action, since, limit, cursor), ct)))
            .WithTags("Audit")
            .WithName("ListAudit")
            .WithSummary("Read the audit log of every write, newest first")
            .RequireRole(Policies.Admin)
            .ProducesErrors(400);
}
