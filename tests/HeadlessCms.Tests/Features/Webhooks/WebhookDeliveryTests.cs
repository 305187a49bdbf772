using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Webhooks;

/// <summary>
/// Retries on the fake clock (3 attempts: now, +5 s, +30 s), Retry-After, 410 Gone, disabling after failures, the
/// delivery log and its retention. The clock moves far here, so signatures are checked in WebhookTests instead.
/// </summary>
public abstract class WebhookDeliveryTests(IWebhookFixture fx)
{
    private const string Hooks = "/api/v1/webhooks";

    private async Task<(string Id, string Url, HttpClient Editor, string Tag)> SubscribeToTagAsync()
    {
        var url = fx.Receiver.NewEndpoint();
        var created = await fx.Api.Admin().PostJson(Hooks, new { url, eventTypes = new[] { "tag.updated" } }).Expect(HttpStatusCode.Created);
        var editor = await fx.Api.Editor();
        var tag = await new ContentBuilder(editor).Tag();
        return (created["webhook"].Str("id"), url, editor, tag.Str("id"));
    }

    private static Task UpdateTag(HttpClient editor, string tag, string name) =>
        editor.PutJson($"/api/v1/tags/{tag}", new { name }).Expect(HttpStatusCode.OK);

    private async Task<JsonArray> Deliveries(string id) =>
        (await fx.Api.Admin().GetAsync($"{Hooks}/{id}/deliveries").Expect(HttpStatusCode.OK)).Items();

    private async Task<JsonNode> Subscription(string id) => await fx.Api.Admin().GetAsync($"{Hooks}/{id}").Expect(HttpStatusCode.OK);

    [Fact]
    public async Task A_failing_receiver_is_retried_on_the_backoff_schedule_honouring_Retry_After_and_every_attempt_is_logged()
    {
        var (id, url, editor, tag) = await SubscribeToTagAsync();
        fx.Receiver.Script(url, new ReceiverAnswer(500), new ReceiverAnswer(503, RetryAfter: "120"));
        await UpdateTag(editor, tag, "Retried");

        await fx.Dispatch();
        Assert.Single(fx.Receiver.At(url));
        var delivery = Assert.Single(await Deliveries(id));
        Assert.NotNull(delivery);
        Assert.Equal("pending", delivery.Str("status"));
        Assert.Equal(500, delivery["attemptLog"]![0].Int("statusCode"));
        Assert.Equal("answer 500", delivery["attemptLog"]![0].Str("response"));

        // 5 s (+ up to 20 % jitter) later, not before.
        fx.Clock.Advance(TimeSpan.FromSeconds(4));
        await fx.Dispatch();
        Assert.Single(fx.Receiver.At(url));
        fx.Clock.Advance(TimeSpan.FromSeconds(3));
        await fx.Dispatch();
        Assert.Equal(2, fx.Receiver.At(url).Count);

        // The 503 asked for 120 s, longer than the 30 s the schedule says.
        fx.Clock.Advance(TimeSpan.FromSeconds(60));
        await fx.Dispatch();
        Assert.Equal(2, fx.Receiver.At(url).Count);
        fx.Clock.Advance(TimeSpan.FromSeconds(61));
        await fx.Dispatch();
        var received = fx.Receiver.At(url);
        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(r => r.Id).Distinct());
        Assert.Single(received.Select(r => r.Body).Distinct());

        delivery = Assert.Single(await Deliveries(id));
        Assert.NotNull(delivery);
        Assert.Equal("delivered", delivery.Str("status"));
        Assert.Equal(3, delivery.Int("attempts"));
        Assert.Equal(received[0].Id, delivery.Str("webhookId"));
        Assert.Equal([500, 503, 204], delivery["attemptLog"]!.AsArray().Select(a => a.Int("statusCode")));
        Assert.All(delivery["attemptLog"]!.AsArray(), a => Assert.True(a.Int("durationMs") >= 0));
        Assert.NotNull(delivery["deliveredAt"]);
    }

    [Fact]
    public async Task A_later_event_waits_behind_an_earlier_one_that_is_being_retried()
    {
        var (_, url, editor, tag) = await SubscribeToTagAsync();
        fx.Receiver.Script(url, new ReceiverAnswer(500));
        await UpdateTag(editor, tag, "First");
        await UpdateTag(editor, tag, "Second");

        await fx.Dispatch();
        Assert.Equal(["First"], fx.Receiver.At(url).Select(r => r.Json["data"].Str("name")));
        fx.Clock.Advance(TimeSpan.FromSeconds(7));
        await fx.Dispatch();
        Assert.Equal(["First", "First", "Second"], fx.Receiver.At(url).Select(r => r.Json["data"].Str("name")));
    }

    [Fact]
    public async Task A_410_Gone_disables_the_subscription_at_once_with_an_audit_entry()
    {
        var (id, url, editor, tag) = await SubscribeToTagAsync();
        fx.Receiver.Script(url, new ReceiverAnswer(410));
        await UpdateTag(editor, tag, "Gone");
        await fx.Dispatch();

        var subscription = await Subscription(id);
        Assert.False(subscription["enabled"]!.GetValue<bool>());
        Assert.Contains("410", subscription.Str("disabledReason"));
        Assert.Equal("failed", Assert.Single(await Deliveries(id)).Str("status"));
        var audit = await fx.Api.Admin().GetAsync($"/api/v1/audit?target={id}&action=disable-webhook").Expect(HttpStatusCode.OK);
        Assert.Single(audit.Items());

        // Disabled: later events are not queued for it; enabled again, they are.
        await UpdateTag(editor, tag, "Ignored");
        await fx.Dispatch();
        Assert.Single(fx.Receiver.At(url));
        var enabled = await fx.Api.Admin().PatchAsJsonAsync($"{Hooks}/{id}", new { enabled = true }).Expect(HttpStatusCode.OK);
        Assert.Null(enabled["disabledReason"]);
        await UpdateTag(editor, tag, "Back");
        await fx.Dispatch();
        Assert.Equal("Back", fx.Receiver.At(url)[^1].Json["data"].Str("name"));
    }

    [Fact]
    public async Task Consecutive_failed_events_over_the_minimum_time_disable_the_subscription_and_a_success_resets_the_count()
    {
        var (id, url, editor, tag) = await SubscribeToTagAsync();
        async Task FailForGood(string name)
        {
            fx.Receiver.Script(url, new ReceiverAnswer(500), new ReceiverAnswer(500), new ReceiverAnswer(500));
            await UpdateTag(editor, tag, name);
            await fx.Dispatch();
            fx.Clock.Advance(TimeSpan.FromSeconds(7));
            await fx.Dispatch();
            fx.Clock.Advance(TimeSpan.FromSeconds(37));
            await fx.Dispatch();
        }

        await FailForGood("one");
        Assert.Equal(1, (await Subscription(id)).Int("consecutiveFailures"));
        await UpdateTag(editor, tag, "fine");
        await fx.Dispatch();
        Assert.Equal(0, (await Subscription(id)).Int("consecutiveFailures"));

        // Three failed events in a row, but within the hour: still enabled.
        for (var i = 0; i < 3; i++)
        {
            await FailForGood($"fail-{i}");
        }

        var subscription = await Subscription(id);
        Assert.Equal(3, subscription.Int("consecutiveFailures"));
        Assert.True(subscription["enabled"]!.GetValue<bool>());

        fx.Clock.Advance(TimeSpan.FromHours(1));
        await FailForGood("fail-3");
        subscription = await Subscription(id);
        Assert.False(subscription["enabled"]!.GetValue<bool>());
        Assert.Contains("4 events in a row failed", subscription.Str("disabledReason"));
        var audit = await fx.Api.Admin().GetAsync($"/api/v1/audit?target={id}&action=disable-webhook").Expect(HttpStatusCode.OK);
        Assert.Single(audit.Items());
        var statuses = (await Deliveries(id)).Select(d => d.Str("status")).ToList();
        Assert.Equal(5, statuses.Count(s => s == "failed"));
        Assert.Single(statuses, "delivered");
    }

    [Fact]
    public async Task The_delivery_log_keeps_the_configured_retention()
    {
        var (id, url, editor, tag) = await SubscribeToTagAsync();
        await UpdateTag(editor, tag, "Old");
        await fx.Dispatch();
        Assert.Single(await Deliveries(id));

        fx.Clock.Advance(TimeSpan.FromDays(2));
        await UpdateTag(editor, tag, "New");
        await fx.Dispatch();
        Assert.Equal(2, fx.Receiver.At(url).Count);
        var left = Assert.Single(await Deliveries(id));
        Assert.Equal("delivered", left.Str("status"));
        Assert.Equal(fx.Receiver.At(url)[1].Id, left.Str("webhookId"));
    }
}

public sealed class WebhookDeliveryTestsOnSqlite(WebhookRetrySqliteFixture fx) : WebhookDeliveryTests(fx), IClassFixture<WebhookRetrySqliteFixture>;

public sealed class WebhookDeliveryTestsOnPostgres(WebhookRetryPostgresFixture fx) : WebhookDeliveryTests(fx.OrSkipWebhooks()), IClassFixture<WebhookRetryPostgresFixture>;
