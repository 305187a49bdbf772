using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Mediator;

namespace HeadlessCms.Api.Features.Webhooks;

/// <summary>Deletes a subscription with its delivery log; deliveries still queued find nothing to send.</summary>
public sealed record DeleteWebhook(Guid Id, Caller Caller) : ICommand;

internal sealed class DeleteWebhookHandler(CmsDbContext db, TimeProvider clock) : ICommandHandler<DeleteWebhook>
{
    public async ValueTask<Unit> Handle(DeleteWebhook command, CancellationToken ct)
    {
        var subscription = await db.LoadWebhookAsync(command.Id, ct);
        db.WebhookSubscriptions.Remove(subscription);
        db.Record(command.Caller, "delete-webhook", "webhook", subscription.Id, null, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
