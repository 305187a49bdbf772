using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Webhooks;

/// <summary>A subscription's delivery log, newest first: each event sent (or being sent) with its attempts.</summary>
public sealed record ListWebhookDeliveries(Guid Id, int? Limit, string? Cursor) : IQuery<Page<WebhookDeliveryResponse>>;

internal sealed class ListWebhookDeliveriesValidator : AbstractValidator<ListWebhookDeliveries>
{
    public ListWebhookDeliveriesValidator()
    {
        RuleFor(x => x.Limit).PageLimit();
        RuleFor(x => x.Cursor).ValidCursor(CursorKind.Timeline);
    }
}

internal sealed class ListWebhookDeliveriesHandler(CmsDbContext db) : IQueryHandler<ListWebhookDeliveries, Page<WebhookDeliveryResponse>>
{
    public async ValueTask<Page<WebhookDeliveryResponse>> Handle(ListWebhookDeliveries query, CancellationToken ct)
    {
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == query.Id, ct))
        {
            throw new NotFoundException("Webhook", query.Id.ToString());
        }

        var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == query.Id);
        if (Cursor.TryTimeline(query.Cursor, out var at, out var lastId))
        {
            deliveries = deliveries.Where(d => d.CreatedAt < at || (d.CreatedAt == at && d.Id.CompareTo(lastId) < 0));
        }

        var limit = query.Limit ?? 20;
        var items = await deliveries.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(limit + 1)
            .Select(WebhookDeliveryResponses.Projection)
            .ToListAsync(ct);
        return items.Count > limit
            ? new Page<WebhookDeliveryResponse>(items[..limit], Cursor.ForTimeline(items[limit - 1].CreatedAt, items[limit - 1].Id))
            : new Page<WebhookDeliveryResponse>(items, null);
    }
}
