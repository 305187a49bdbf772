using FluentValidation;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Webhooks;

/// <summary>
/// Changes what is sent: the fields present in the body, the others as they were. Enabling a subscription the
/// dispatcher disabled (410 Gone, too many failures) starts its failure count afresh.
/// </summary>
public sealed record UpdateWebhook(string? Url, IReadOnlyList<string>? EventTypes, string? Description, bool? Enabled, bool? Moderation)
    : ICommand<WebhookResponse>, IWebhookFields
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid Id { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public Caller Caller { get; init; } = Caller.Anonymous;
}

internal sealed class UpdateWebhookValidator : AbstractValidator<UpdateWebhook>
{
    public UpdateWebhookValidator(IOptions<WebhookOptions> options) => Include(new WebhookFieldRules(options));
}

internal sealed class UpdateWebhookHandler(CmsDbContext db, TimeProvider clock) : ICommandHandler<UpdateWebhook, WebhookResponse>
{
    public async ValueTask<WebhookResponse> Handle(UpdateWebhook command, CancellationToken ct)
    {
        var subscription = await db.LoadWebhookAsync(command.Id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        subscription.Url = command.Url ?? subscription.Url;
        if (command.EventTypes is not null)
        {
            subscription.EventTypes = [.. command.EventTypes.Distinct()];
        }

        if (command.Description is not null)
        {
            subscription.Description = string.IsNullOrWhiteSpace(command.Description) ? null : command.Description.Trim();
        }

        if (command.Moderation is { } moderation)
        {
            subscription.Moderation = moderation && command.Caller.Role == Roles.Admin;
        }

        if (command.Enabled is { } enabled && enabled != subscription.Enabled)
        {
            subscription.Enabled = enabled;
            subscription.DisabledReason = null;
            subscription.ConsecutiveFailures = 0;
            subscription.FailingSince = null;
        }

        subscription.UpdatedAt = now;
        db.Record(command.Caller, "update-webhook", "webhook", subscription.Id, null, now);
        await db.SaveChangesAsync(ct);
        return subscription.ToResponse();
    }
}
