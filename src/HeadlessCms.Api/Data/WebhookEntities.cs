using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Data;

/// <summary>
/// A partner's webhook endpoint: where to send, which events, and the secret deliveries are signed with (Standard
/// Webhooks). The secret is kept as issued because signing needs it; it is shown to the admin once, at creation.
/// </summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; set; }
    public required string Url { get; set; }
    public List<string> EventTypes { get; set; } = [];
    public string? Description { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>comment.submitted carries the commenter's email and the spam verdict (for moderation tools).</summary>
    public bool Moderation { get; set; }

    /// <summary><c>whsec_</c> + base64 of the key bytes.</summary>
    public required string Secret { get; set; }

    /// <summary>The secret before the last rotation: deliveries are signed with it too until <see cref="PreviousSecretUntil"/>.</summary>
    public string? PreviousSecret { get; set; }
    public DateTime? PreviousSecretUntil { get; set; }

    /// <summary>Events in a row that failed for good; a delivered event sets it back to zero.</summary>
    public int ConsecutiveFailures { get; set; }

    /// <summary>When the first of those failures was recorded.</summary>
    public DateTime? FailingSince { get; set; }

    /// <summary>Why the dispatcher disabled it (410 Gone, too many failures); null when an admin did, or it is enabled.</summary>
    public string? DisabledReason { get; set; }

    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One event for one subscription: the body is fixed when the event happens, so every attempt sends the same bytes.</summary>
public sealed class WebhookDelivery
{
    /// <summary>Also the webhook-id header (<c>msg_</c> + this id), stable across retries and redeliveries.</summary>
    public Guid Id { get; set; }
    public Guid SubscriptionId { get; set; }
    public required string EventType { get; set; }
    public required string Body { get; set; }
    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public List<WebhookAttempt> AttemptLog { get; set; } = [];
}

/// <summary>One HTTP attempt of a delivery, as the delivery log shows it.</summary>
public sealed class WebhookAttempt
{
    public Guid Id { get; set; }
    public Guid DeliveryId { get; set; }
    public DateTime At { get; set; }

    /// <summary>The receiver's status code; null when no response came (timeout, refused, blocked address).</summary>
    public int? StatusCode { get; set; }
    public int DurationMs { get; set; }

    /// <summary>The first kilobyte of the response body.</summary>
    public string? Response { get; set; }
    public string? Error { get; set; }
}

internal static class WebhookModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<WebhookSubscription>(e =>
        {
            e.Property(s => s.Url).HasMaxLength(2048);
            e.Property(s => s.Description).HasMaxLength(500);
            e.Property(s => s.Secret).HasMaxLength(200);
            e.Property(s => s.PreviousSecret).HasMaxLength(200);
            e.Property(s => s.DisabledReason).HasMaxLength(300);
            e.Property(s => s.CreatedBy).HasMaxLength(100);
            e.HasIndex(s => s.CreatedAt);
        });

        b.Entity<WebhookDelivery>(e =>
        {
            e.Property(d => d.EventType).HasMaxLength(40);
            e.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
            e.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(d => d.AttemptLog).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(d => new { d.SubscriptionId, d.CreatedAt, d.Id });
            e.HasIndex(d => d.CreatedAt);
        });

        b.Entity<WebhookAttempt>(e =>
        {
            e.Property(a => a.Response).HasMaxLength(1024);
            e.Property(a => a.Error).HasMaxLength(500);
            e.HasIndex(a => new { a.DeliveryId, a.At });
        });
    }
}
