using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Webhooks;

/// <summary>
/// Issues a new secret (shown in this response only). Until Cms:Webhooks:RotationHours have passed, deliveries carry
/// two signatures, the new secret's and the old one's, so the receiver can switch secrets at its own pace.
/// </summary>
public sealed record RotateWebhookSecret(Guid Id, Caller Caller) : ICommand<WebhookSecretResponse>;

internal sealed class RotateWebhookSecretHandler(CmsDbContext db, TimeProvider clock, IOptions<WebhookOptions> options)
    : ICommandHandler<RotateWebhookSecret, WebhookSecretResponse>
{
    public async ValueTask<WebhookSecretResponse> Handle(RotateWebhookSecret command, CancellationToken ct)
    {
        var subscription = await db.LoadWebhookAsync(command.Id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        subscription.PreviousSecret = subscription.Secret;
        subscription.PreviousSecretUntil = now.AddHours(options.Value.RotationHours);
        subscription.Secret = WebhookSigning.NewSecret();
        subscription.UpdatedAt = now;
        db.Record(command.Caller, "rotate-webhook-secret", "webhook", subscription.Id, null, now);
        await db.SaveChangesAsync(ct);
        return new WebhookSecretResponse(subscription.ToResponse(), subscription.Secret);
    }
}
