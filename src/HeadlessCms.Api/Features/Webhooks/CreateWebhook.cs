using FluentValidation;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Webhooks;

/// <summary>Subscribes a URL to event types. The signing secret is in this response only.</summary>
public sealed record CreateWebhook(string? Url, IReadOnlyList<string>? EventTypes, string? Description, bool? Enabled, bool? Moderation)
    : ICommand<WebhookSecretResponse>, IWebhookFields
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Caller Caller { get; init; } = Caller.Anonymous;
}

internal sealed class CreateWebhookValidator : AbstractValidator<CreateWebhook>
{
    public CreateWebhookValidator(IOptions<WebhookOptions> options)
    {
        RuleFor(x => x.Url).NotEmpty();
        RuleFor(x => x.EventTypes).NotNull().WithMessage("'eventTypes' needs at least one event type.");
        Include(new WebhookFieldRules(options));
    }
}

internal sealed class CreateWebhookHandler(CmsDbContext db, TimeProvider clock) : ICommandHandler<CreateWebhook, WebhookSecretResponse>
{
    public async ValueTask<WebhookSecretResponse> Handle(CreateWebhook command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(now),
            Url = command.Url!,
            EventTypes = [.. command.EventTypes!.Distinct()],
            Description = string.IsNullOrWhiteSpace(command.Description) ? null : command.Description.Trim(),
            Enabled = command.Enabled ?? true,

            // Emails of commenters go only where an admin asked for them (subscriptions are admin-only; say so anyway).
            Moderation = command.Moderation == true && command.Caller.Role == Roles.Admin,
            Secret = WebhookSigning.NewSecret(),
            CreatedBy = command.Caller.KeyName,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        db.WebhookSubscriptions.Add(subscription);
        db.Record(command.Caller, "create-webhook", "webhook", subscription.Id, null, now.UtcDateTime);
        await db.SaveChangesAsync(ct);
        return new WebhookSecretResponse(subscription.ToResponse(), subscription.Secret);
    }
}
