using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Webhooks;

public sealed record GetWebhook(Guid Id) : IQuery<WebhookResponse>;

internal sealed class GetWebhookHandler(CmsDbContext db) : IQueryHandler<GetWebhook, WebhookResponse>
{
    public async ValueTask<WebhookResponse> Handle(GetWebhook query, CancellationToken ct) =>
        await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Id == query.Id).Select(WebhookProjections.Response).SingleOrDefaultAsync(ct)
        ?? throw new NotFoundException("Webhook", query.Id.ToString());
}
