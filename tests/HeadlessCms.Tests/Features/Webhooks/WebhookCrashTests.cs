using System.Net;
using System.Net.Http.Json;
using HeadlessCms.Api.Common.Background;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessCms.Tests.Features.Webhooks;

/// <summary>
/// The crash tests: a dispatcher that dies between the commit and the delivery, or after sending but before recording
/// it. Nothing is lost; at worst a receiver sees a webhook-id twice. They move the clock past leases, so they run on
/// the retry fixture (whose signatures are not checked against the real clock).
/// </summary>
public abstract class WebhookCrashTests(IWebhookFixture fx)
{
    private const string Hooks = "/api/v1/webhooks";

    private async Task<(string Id, string Secret, string Url)> SubscribeAsync(params string[] events)
    {
        var url = fx.Receiver.NewEndpoint();
        var created = await fx.Api.Admin().PostJson(Hooks, new { url, eventTypes = events }).Expect(HttpStatusCode.Created);
        return (created["webhook"].Str("id"), created.Str("secret"), url);
    }

    [Fact]
    public async Task A_dispatcher_that_dies_between_the_commit_and_the_delivery_loses_nothing_once_another_takes_over()
    {
        var (id, _, url) = await SubscribeAsync("tag.updated");
        var (_, _, otherUrl) = await SubscribeAsync("tag.updated");
        var editor = await fx.Api.Editor();
        var tag = (await new ContentBuilder(editor).Tag()).Str("id");
        const int events = 20;
        for (var i = 0; i < events; i++)
        {
            await editor.PutJson($"/api/v1/tags/{tag}", new { name = $"Crash {i:D2}" }).Expect(HttpStatusCode.OK);
        }

        // The first dispatcher claims all it may (the head of every lane) and dies before sending anything: its leases stay.
        var dead = fx.NewDispatcher();
        var held = new List<BackgroundJob>();
        while (await dead.ClaimAsync(CancellationToken.None) is { } claimed)
        {
            held.Add(claimed);
        }

        Assert.Contains(held, j => j.Lane == $"webhook:{Guid.Parse(id):N}");
        Assert.Equal(held.Count, held.Select(j => j.Lane).Distinct().Count());

        // A restarted instance finds nothing it may take while the leases hold, then takes over.
        var restarted = ActivatorUtilities.CreateInstance<BackgroundWorker>(fx.Api.AnotherInstance(new Dictionary<string, string?>()).Services);
        Assert.Equal(0, await restarted.RunDueAsync(CancellationToken.None));
        Assert.Empty(fx.Receiver.At(url));
        fx.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await restarted.RunDueAsync(CancellationToken.None);

        var produced = 2 * events;
        var received = fx.Receiver.At(url).Concat(fx.Receiver.At(otherUrl)).ToList();
        var unique = received.Select(r => r.Id).Distinct().Count();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"crash between commit and send ({fx.Api.Provider}): produced {produced}, delivered {unique}, duplicates {received.Count - unique}, lost {produced - unique}");
        Assert.Equal(produced, unique);
        Assert.Equal(produced, received.Count);
        Assert.Equal(Enumerable.Range(0, events).Select(i => $"Crash {i:D2}"), fx.Receiver.At(url).Select(r => r.Json["data"].Str("name")));

        await using var db = fx.Api.NewDbContext();
        var subscription = Guid.Parse(id);
        Assert.All(await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscription).ToListAsync(),
            d => Assert.Equal(HeadlessCms.Api.Data.WebhookDeliveryStatus.Delivered, d.Status));
    }

    [Fact]
    public async Task A_dispatcher_that_dies_after_sending_but_before_recording_sends_again_with_the_same_webhook_id()
    {
        var (id, _, url) = await SubscribeAsync("tag.updated");
        var editor = await fx.Api.Editor();
        var tag = (await new ContentBuilder(editor).Tag()).Str("id");
        await editor.PutJson($"/api/v1/tags/{tag}", new { name = "Sent once" }).Expect(HttpStatusCode.OK);

        // The handler ran (the receiver has it) but its result never reached the database: the lease is still out.
        var dying = fx.NewDispatcher();
        var lane = $"webhook:{Guid.Parse(id):N}";
        BackgroundJob? job;
        do
        {
            job = await dying.ClaimAsync(CancellationToken.None);
        }
        while (job is not null && job.Lane != lane);

        Assert.NotNull(job);
        await using (var scope = fx.Api.Factory.Services.CreateAsyncScope())
        {
            var handler = scope.ServiceProvider.GetRequiredService<HeadlessCms.Api.Features.Webhooks.DeliverWebhookHandler>();
            await handler.RunAsync(job!, new JobKindOptions(), CancellationToken.None);
        }

        fx.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await fx.Dispatch();
        var received = fx.Receiver.At(url);
        Assert.Equal(2, received.Count);
        Assert.Single(received.Select(r => r.Id).Distinct());
    }
}

public sealed class WebhookCrashTestsOnSqlite(WebhookRetrySqliteFixture fx) : WebhookCrashTests(fx), IClassFixture<WebhookRetrySqliteFixture>;

public sealed class WebhookCrashTestsOnPostgres(WebhookRetryPostgresFixture fx) : WebhookCrashTests(fx.OrSkipWebhooks()), IClassFixture<WebhookRetryPostgresFixture>;
