using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Webhooks;

public sealed record ListWebhooks : IQuery<IReadOnlyList<WebhookResponse>>;

internal sealed class ListWebhooksHandler(CmsDbContext db) : IQueryHandler<ListWebhooks, IReadOnlyList<WebhookResponse>>
{
    public async ValueTask<IReadOnlyList<WebhookResponse>> Handle(ListWebhooks query, CancellationToken ct) =>
        await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Select(WebhookProjections.Response).ToListAsync(ct);
}
