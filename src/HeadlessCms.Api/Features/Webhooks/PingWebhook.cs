using System.Text.Json.Nodes;
using HeadlessCms.Api.Data;
using Mediator;

namespace HeadlessCms.Api.Features.Webhooks;

/// <summary>
/// Queues a <c>ping</c> event to the subscription (enabled or not), signed like any other: one attempt, logged, never
/// counted against the subscription. The answer is in the delivery log.
/// </summary>
public sealed record PingWebhook(Guid Id) : ICommand<WebhookDeliveryResponse>;

internal sealed class PingWebhookHandler(CmsDbContext db, TimeProvider clock) : ICommandHandler<PingWebhook, WebhookDeliveryResponse>
{
    public async ValueTask<WebhookDeliveryResponse> Handle(PingWebhook command, CancellationToken ct)
    {
        var subscription = await db.LoadWebhookAsync(command.Id, ct);
        var delivery = WebhookOutbox.Enqueue(db, clock, subscription.Id, WebhookEvents.Ping, new JsonObject { ["webhookId"] = subscription.Id });
        await db.SaveChangesAsync(ct);
        return new WebhookDeliveryResponse(
            delivery.Id, WebhookSigning.MessageId(delivery.Id), delivery.EventType, delivery.Status, 0, delivery.CreatedAt, null, null, []);
    }
}
