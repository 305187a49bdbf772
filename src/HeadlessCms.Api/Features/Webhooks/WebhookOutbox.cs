using System.Text.Json;
using System.Text.Json.Nodes;
using HeadlessCms.Api.Common.Background;
using HeadlessCms.Api.Data;
using HeadlessCms.Api.Features.Authors;
using HeadlessCms.Api.Features.Comments;
using HeadlessCms.Api.Features.Tags;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Webhooks;

/// <summary>
/// The transactional outbox of webhooks: inside the transaction of the write that raised events (after its rows and
/// the read model are saved), each event becomes one delivery row and one background job per subscription that wants
/// it. They commit with the write or not at all; the job's lane is the subscription, so a receiver gets its events
/// one at a time, in order. Registered after the read model, whose documents are the articles' public JSON.
/// </summary>
public sealed class WebhookOutbox(IOptions<JsonOptions> json, TimeProvider clock) : IContentChangeObserver
{
    public async Task BeforeCommitAsync(CmsDbContext db, ContentChanges changes, CancellationToken ct)
    {
        if (changes.Events.Count == 0)
        {
            return;
        }

        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Enabled)
            .Select(s => new { s.Id, s.EventTypes, s.Moderation }).ToListAsync(ct);
        foreach (var raised in changes.Events)
        {
            var targets = subscriptions.Where(s => s.EventTypes.Contains(raised.Type)).ToList();
            if (targets.Count == 0 || await ReadDataAsync(db, raised, ct) is not { } data)
            {
                continue;
            }

            foreach (var target in targets)
            {
                Enqueue(db, clock, target.Id, raised.Type, target.Moderation ? data.Moderation ?? data.Public : data.Public);
            }
        }
    }

    /// <summary>Adds a delivery of <c>{ type, timestamp, data }</c> and its job to the unit of work.</summary>
    public static WebhookDelivery Enqueue(CmsDbContext db, TimeProvider clock, Guid subscriptionId, string type, JsonNode data)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var body = new JsonObject
        {
            ["type"] = type,
            ["timestamp"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = data.DeepClone(),
        };
        var delivery = new WebhookDelivery
        {
            Id = Guid.CreateVersion7(now),
            SubscriptionId = subscriptionId,
            EventType = type,
            Body = body.ToJsonString(),
            Status = WebhookDeliveryStatus.Pending,
            CreatedAt = now,
        };
        db.WebhookDeliveries.Add(delivery);
        EnqueueAttempts(db, clock, delivery);
        return delivery;
    }

    /// <summary>The job that sends a delivery (again): in the subscription's lane, behind what is already queued for it.</summary>
    public static void EnqueueAttempts(CmsDbContext db, TimeProvider clock, WebhookDelivery delivery) =>
        db.Enqueue(DeliverWebhook.Kind, new DeliverWebhook(delivery.Id), clock, lane: DeliverWebhook.Lane(delivery.SubscriptionId));

    private sealed record EventData(JsonNode Public, JsonNode? Moderation = null);

    /// <summary>The resource's public JSON as it is now (inside the write's transaction); null when there is nothing to say.</summary>
    private async Task<EventData?> ReadDataAsync(CmsDbContext db, RaisedEvent raised, CancellationToken ct)
    {
        var options = json.Value.SerializerOptions;
        var id = raised.ResourceId;
        switch (raised.Type)
        {
            case WebhookEvents.ArticlePublished or WebhookEvents.ArticleUpdated:
                // The read model has just rebuilt it in this unit of work (saved with the outbox's rows); otherwise it is stored.
                var document = db.ArticleDocuments.Local.FirstOrDefault(d => d.ArticleId == id)?.Json
                    ?? await db.ArticleDocuments.AsNoTracking().Where(d => d.ArticleId == id).Select(d => d.Json).FirstOrDefaultAsync(ct);
                return document is null ? null : new EventData(JsonNode.Parse(document)!);

            case WebhookEvents.ArticleUnpublished or WebhookEvents.ArticleDeleted:
                return new EventData(new JsonObject { ["id"] = id, ["slug"] = raised.Slug });

            case WebhookEvents.AuthorUpdated:
                var author = await db.Authors.AsNoTracking().Where(a => a.Id == id).Select(Authors.Authors.Projection(db)).FirstOrDefaultAsync(ct);
                return author is null ? null : new EventData(JsonSerializer.SerializeToNode(author, options)!);

            case WebhookEvents.TagUpdated:
                var tag = await db.Tags.AsNoTracking().Where(t => t.Id == id).Select(Tags.Tags.Projection(db)).FirstOrDefaultAsync(ct);
                return tag is null ? null : new EventData(JsonSerializer.SerializeToNode(tag, options)!);

            case WebhookEvents.CommentSubmitted or WebhookEvents.CommentApproved:
                var comment = await db.Comments.AsNoTracking().Where(c => c.Id == id).Select(CommentProjections.Moderated).FirstOrDefaultAsync(ct);
                if (comment is null)
                {
                    return null;
                }

                // Readers never learn that a rule caught them, and partners without moderation rights neither.
                var shown = new CommentEventData(
                    comment.Id, comment.ArticleId, comment.ArticleSlug, comment.ParentId, comment.AuthorName, comment.AuthorUrl, comment.Body,
                    comment.BodyHtml, comment.Status == CommentStatus.Spam ? CommentStatus.Pending : comment.Status, comment.Staff, comment.CreatedAt);
                return new EventData(JsonSerializer.SerializeToNode(shown, options)!, JsonSerializer.SerializeToNode(comment, options));

            default:
                throw new InvalidOperationException($"No data for webhook event '{raised.Type}'.");
        }
    }
}

/// <summary>A comment in a webhook without moderation rights: no email, no spam verdict.</summary>
public sealed record CommentEventData(
    Guid Id,
    Guid ArticleId,
    string ArticleSlug,
    Guid? ParentId,
    string AuthorName,
    string? AuthorUrl,
    string Body,
    string BodyHtml,
    CommentStatus Status,
    bool Staff,
    DateTime CreatedAt);
