using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Webhooks;

/// <summary>
/// Sends a logged delivery again, with the same body and webhook-id (a receiver that kept it recognises it), behind
/// whatever the subscription's lane already holds. A delivery still being sent cannot be queued twice.
/// </summary>
public sealed record RedeliverWebhook(Guid Id, Guid DeliveryId, Caller Caller) : ICommand<WebhookDeliveryResponse>;

internal sealed class RedeliverWebhookHandler(CmsDbContext db, TimeProvider clock) : ICommandHandler<RedeliverWebhook, WebhookDeliveryResponse>
{
    public async ValueTask<WebhookDeliveryResponse> Handle(RedeliverWebhook command, CancellationToken ct)
    {
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == command.DeliveryId && d.SubscriptionId == command.Id, ct)
            ?? throw new NotFoundException("Webhook delivery", command.DeliveryId.ToString());
        if (delivery.Status == WebhookDeliveryStatus.Pending)
        {
            throw new ConflictException("The delivery is still being sent; redeliver it once it has been delivered or has failed.");
        }

        delivery.Status = WebhookDeliveryStatus.Pending;
        WebhookOutbox.EnqueueAttempts(db, clock, delivery);
        db.Record(command.Caller, "redeliver-webhook", "webhook", command.Id, null, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return await db.WebhookDeliveries.AsNoTracking().Where(d => d.Id == delivery.Id).Select(WebhookDeliveryResponses.Projection).SingleAsync(ct);
    }
}
