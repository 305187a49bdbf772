using System.Diagnostics;
using System.Net;
using System.Text;
using HeadlessCms.Api.Common.Background;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Webhooks;

/// <summary>The job of one delivery: sends it, signed, until a 2xx, a 410 or the end of the retry schedule.</summary>
public sealed record DeliverWebhook(Guid DeliveryId)
{
    public const string Kind = "webhook.deliver";

    /// <summary>One lane per subscription: its deliveries go one at a time, in the order their events happened.</summary>
    public static string Lane(Guid subscriptionId) => $"webhook:{subscriptionId:N}";
}

/// <summary>
/// One attempt per run. The retry schedule is Cms:Webhooks' (read at each run), handed to the queue as the wait;
/// the job kind itself never gives up, this handler does. Every attempt goes into the delivery log.
/// </summary>
internal sealed class DeliverWebhookHandler(
    CmsDbContext db, IHttpClientFactory http, TimeProvider clock, IOptions<WebhookOptions> options, ILogger<DeliverWebhookHandler> logger)
    : IBackgroundJobHandler
{
    public const string HttpClientName = "webhooks";
    private const int ResponseBytesKept = 1024;
    private static readonly TimeSpan LongestRetryAfter = TimeSpan.FromDays(1);

    public async Task<JobResult> RunAsync(BackgroundJob job, JobKindOptions kind, CancellationToken ct)
    {
        var settings = options.Value;
        var id = job.PayloadAs<DeliverWebhook>().DeliveryId;
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == id, ct);
        var subscription = delivery is null ? null : await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == delivery.SubscriptionId, ct);
        if (delivery is null || subscription is null)
        {
            return JobResult.Done;   // the subscription was deleted, or the log purged
        }

        await PurgeLogAsync(subscription.Id, ct);
        var ping = delivery.EventType == WebhookEvents.Ping;
        if (!subscription.Enabled && !ping)
        {
            delivery.Status = WebhookDeliveryStatus.Failed;
            await db.SaveChangesAsync(ct);
            return JobResult.Fail("The subscription is disabled.");
        }

        var attempt = await SendAsync(subscription, delivery, ct);
        var now = attempt.At;
        delivery.Attempts++;
        delivery.LastAttemptAt = now;
        db.WebhookAttempts.Add(attempt);

        var status = attempt.StatusCode ?? 0;
        if (status is >= 200 and < 300)
        {
            delivery.Status = WebhookDeliveryStatus.Delivered;
            delivery.DeliveredAt = now;
            if (!ping)
            {
                subscription.ConsecutiveFailures = 0;
                subscription.FailingSince = null;
            }

            await db.SaveChangesAsync(ct);
            return JobResult.Done;
        }

        var error = attempt.Error ?? $"HTTP {status}";
        if (status == (int)HttpStatusCode.Gone && !ping)
        {
            delivery.Status = WebhookDeliveryStatus.Failed;
            Disable(subscription, "The receiver answered 410 Gone.", now);
            await db.SaveChangesAsync(ct);
            return JobResult.Fail(error);
        }

        if (ping || job.Attempts >= settings.MaxAttempts)
        {
            delivery.Status = WebhookDeliveryStatus.Failed;
            if (!ping)
            {
                subscription.ConsecutiveFailures++;
                subscription.FailingSince ??= now;
                if (subscription.ConsecutiveFailures >= settings.DisableAfterFailures
                    && now - subscription.FailingSince >= TimeSpan.FromHours(settings.DisableAfterHours))
                {
                    Disable(subscription, $"{subscription.ConsecutiveFailures} events in a row failed since {subscription.FailingSince:o}.", now);
                }
            }

            await db.SaveChangesAsync(ct);
            return JobResult.Fail(error);
        }

        await db.SaveChangesAsync(ct);
        return JobResult.Retry(error, settings.WaitAfter(job.Attempts, RetryAfter, Random.Shared));
    }

    // Set by SendAsync from the response's Retry-After (seconds or a date), capped at a day.
    private TimeSpan? RetryAfter { get; set; }

    private async Task<WebhookAttempt> SendAsync(WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var attempt = new WebhookAttempt { Id = Guid.CreateVersion7(now), DeliveryId = delivery.Id, At = now.UtcDateTime };
        var messageId = WebhookSigning.MessageId(delivery.Id);
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigning.Header(subscription, messageId, timestamp, delivery.Body, now.UtcDateTime));

        var timeoutSeconds = Math.Max(1, options.Value.TimeoutSeconds);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds), clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            attempt.StatusCode = (int)response.StatusCode;
            attempt.Response = await ReadStartAsync(response.Content, linked.Token);
            RetryAfter = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - now,
                _ => null,
            };
            if (RetryAfter > LongestRetryAfter)
            {
                RetryAfter = LongestRetryAfter;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            attempt.Error = $"No response within {timeoutSeconds} s.";
        }
        catch (HttpRequestException e)
        {
            attempt.Error = Truncate(e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message, 500);
        }

        attempt.DurationMs = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (attempt.Error is not null)
        {
            logger.LogInformation("Webhook delivery {DeliveryId} to {Url} failed: {Error}", delivery.Id, subscription.Url, attempt.Error);
        }

        return attempt;
    }

    // The log keeps Cms:Webhooks:LogRetentionDays: each subscription's old entries go as it sends new ones.
    private Task<int> PurgeLogAsync(Guid subscriptionId, CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.LogRetentionDays);
        return db.WebhookDeliveries
            .Where(d => d.SubscriptionId == subscriptionId && d.Status != WebhookDeliveryStatus.Pending && d.CreatedAt < before)
            .ExecuteDeleteAsync(ct);
    }

    private void Disable(WebhookSubscription subscription, string reason, DateTime now)
    {
        subscription.Enabled = false;
        subscription.DisabledReason = reason;
        subscription.UpdatedAt = now;
        db.Record(new Caller(null, "webhook-dispatcher", null), "disable-webhook", "webhook", subscription.Id, null, now);
        logger.LogWarning("Webhook {SubscriptionId} disabled: {Reason}", subscription.Id, reason);
    }

    private static async Task<string?> ReadStartAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new byte[ResponseBytesKept];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0)
        {
            read += n;
        }

        if (read == 0)
        {
            return null;
        }

        // Cut at a character boundary: the column holds characters, and a split UTF-8 sequence would be garbage.
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        return text.Length > ResponseBytesKept ? text[..ResponseBytesKept] : text;
    }

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;
}
