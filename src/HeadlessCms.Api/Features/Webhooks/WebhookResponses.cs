using System.Linq.Expressions;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Webhooks;

/// <summary>A subscription as admins see it later: never its secret.</summary>
public sealed record WebhookResponse(
    Guid Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    string? Description,
    bool Enabled,
    bool Moderation,
    string? DisabledReason,
    int ConsecutiveFailures,
    DateTime? PreviousSecretValidUntil,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>The responses that carry a secret: creation and rotation. The secret is not shown again.</summary>
public sealed record WebhookSecretResponse(WebhookResponse Webhook, string Secret);

internal static class WebhookProjections
{
    public static readonly Expression<Func<WebhookSubscription, WebhookResponse>> Response = s => new WebhookResponse(
        s.Id, s.Url, s.EventTypes, s.Description, s.Enabled, s.Moderation, s.DisabledReason, s.ConsecutiveFailures,
        s.PreviousSecretUntil, s.CreatedAt, s.UpdatedAt);

    private static readonly Func<WebhookSubscription, WebhookResponse> Compiled = Response.Compile();

    public static WebhookResponse ToResponse(this WebhookSubscription s) => Compiled(s);

    public static async Task<WebhookSubscription> LoadWebhookAsync(this CmsDbContext db, Guid id, CancellationToken ct) =>
        await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("Webhook", id.ToString());
}
