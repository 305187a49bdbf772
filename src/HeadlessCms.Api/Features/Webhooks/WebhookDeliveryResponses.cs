using System.Linq.Expressions;
using HeadlessCms.Api.Data;

namespace HeadlessCms.Api.Features.Webhooks;

/// <summary>One attempt: when, the receiver's status (null: no response), how long, the start of its answer, what went wrong.</summary>
public sealed record WebhookAttemptResponse(DateTime At, int? StatusCode, int DurationMs, string? Response, string? Error);

/// <summary>One event sent to one subscription; webhookId is the webhook-id header it carries on every attempt.</summary>
public sealed record WebhookDeliveryResponse(
    Guid Id,
    string WebhookId,
    string EventType,
    WebhookDeliveryStatus Status,
    int Attempts,
    DateTime CreatedAt,
    DateTime? LastAttemptAt,
    DateTime? DeliveredAt,
    IReadOnlyList<WebhookAttemptResponse> AttemptLog);

internal static class WebhookDeliveryResponses
{
    public static readonly Expression<Func<WebhookDelivery, WebhookDeliveryResponse>> Projection = d => new WebhookDeliveryResponse(
        d.Id,
        "msg_" + d.Id.ToString("N"),
        d.EventType,
        d.Status,
        d.Attempts,
        d.CreatedAt,
        d.LastAttemptAt,
        d.DeliveredAt,
        d.AttemptLog.OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => new WebhookAttemptResponse(a.At, a.StatusCode, a.DurationMs, a.Response, a.Error)).ToList());
}
