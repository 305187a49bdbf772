using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HeadlessCms.Api.Common.Background;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessCms.Tests.Features.Webhooks;

/// <summary>
/// The outside checks: a receiver built on the npm standardwebhooks package (pinned in Features/Webhooks/receiver)
/// verifies our signatures; two dispatchers on one database deliver every event once; a dispatcher that dies between
/// the commit and the delivery loses nothing. The receiver counts deliveries by webhook-id.
/// </summary>
public abstract class WebhookInteropTests(IWebhookFixture fx)
{
    private const string Hooks = "/api/v1/webhooks";
    private static readonly SemaphoreSlim NpmLock = new(1, 1);

    private async Task<(string Id, string Secret, string Url)> SubscribeAsync(params string[] events)
    {
        var url = fx.Receiver.NewEndpoint();
        var created = await fx.Api.Admin().PostJson(Hooks, new { url, eventTypes = events }).Expect(HttpStatusCode.Created);
        return (created["webhook"].Str("id"), created.Str("secret"), url);
    }

    [Fact]
    public async Task The_npm_standardwebhooks_package_verifies_our_deliveries_including_both_signatures_of_a_rotation()
    {
        var (id, secret, url) = await SubscribeAsync("article.published", "article.updated", "comment.submitted");
        var commenting = new Commenting(fx.Api);
        var article = await commenting.Article();
        await commenting.Submit(article.Str("slug"), Commenting.Body("Ünïcödé — “quoted” ✓ 日本語"));
        await fx.Dispatch();
        var rotated = (await fx.Api.Admin().PostAsync($"{Hooks}/{id}/rotate-secret", null).Expect(HttpStatusCode.OK)).Str("secret");
        await (await fx.Api.Editor()).PatchMerge($"/api/v1/articles/{article.Str("id")}", new { title = "Rotated 🚀" }).Expect(HttpStatusCode.OK);
        await fx.Dispatch();

        var received = fx.Receiver.At(url);
        Assert.Equal(["article.published", "comment.submitted", "article.updated"], received.Select(r => r.Type));
        var checks = new List<(ReceivedWebhook Delivery, string Secret, bool Expected)>
        {
            (received[0], secret, true),
            (received[1], secret, true),
            (received[2], rotated, true),
            (received[2], secret, true),
            (received[0], rotated, false),
            (received[1] with { Body = received[1].Body.Replace("quoted", "Quoted") }, secret, false),
            (received[1] with { Id = received[1].Id + "x" }, secret, false),
        };

        var results = await VerifyWithNpmAsync(checks.Select(c => (c.Delivery, c.Secret)));
        for (var i = 0; i < checks.Count; i++)
        {
            Assert.True(checks[i].Expected == results[i]!["ok"]!.GetValue<bool>(), $"check {i}: {results[i]!.ToJsonString()}");
        }

        Assert.Equal("comment.submitted", results[1].Str("type"));
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_deliver_every_event_exactly_once_and_in_order_per_subscription()
    {
        var subscriptions = new List<(string Id, string Secret, string Url)>();
        for (var i = 0; i < 4; i++)
        {
            subscriptions.Add(await SubscribeAsync("tag.updated"));
        }

        var editor = await fx.Api.Editor();
        var tag = (await new ContentBuilder(editor).Tag()).Str("id");
        const int events = 15;
        for (var i = 0; i < events; i++)
        {
            await editor.PutJson($"/api/v1/tags/{tag}", new { name = $"Name {i:D2}" }).Expect(HttpStatusCode.OK);
        }

        // A second instance on the same database, with its own dispatcher; both run at once until nothing is left.
        var other = fx.Api.AnotherInstance(new Dictionary<string, string?>());
        var first = fx.NewDispatcher();
        var second = ActivatorUtilities.CreateInstance<BackgroundWorker>(other.Services);
        var ran = await Task.WhenAll(first.RunDueAsync(CancellationToken.None), second.RunDueAsync(CancellationToken.None));

        var produced = subscriptions.Count * events;
        var received = subscriptions.SelectMany(s => fx.Receiver.At(s.Url)).ToList();
        var unique = received.Select(r => r.Id).Distinct().Count();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"two dispatchers ({fx.Api.Provider}): produced {produced}, delivered {unique}, duplicates {received.Count - unique}, lost {produced - unique}; runs {ran[0]} + {ran[1]}");
        Assert.Equal(produced, received.Count);
        Assert.Equal(produced, unique);
        await using (var db = fx.Api.NewDbContext())
        {
            var ids = subscriptions.Select(s => Guid.Parse(s.Id)).ToList();
            var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => ids.Contains(d.SubscriptionId)).ToListAsync();
            Assert.Equal(produced, deliveries.Count);
            Assert.All(deliveries, d => Assert.Equal((HeadlessCms.Api.Data.WebhookDeliveryStatus.Delivered, 1), (d.Status, d.Attempts)));
        }

        foreach (var subscription in subscriptions)
        {
            Assert.Equal(Enumerable.Range(0, events).Select(i => $"Name {i:D2}"), fx.Receiver.At(subscription.Url).Select(r => r.Json["data"].Str("name")));
        }
    }

    private static async Task<JsonArray> VerifyWithNpmAsync(IEnumerable<(ReceivedWebhook Delivery, string Secret)> deliveries)
    {
        var directory = Path.Combine(RepositoryFiles.Root(), "tests", "HeadlessCms.Tests", "Features", "Webhooks", "receiver");
        await NpmLock.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(directory, "node_modules", "standardwebhooks")))
            {
                var (code, output) = await RunAsync(directory, "npm", "ci --no-audit --no-fund", "");
                Assert.True(code == 0, $"npm ci failed: {output}");
            }
        }
        finally
        {
            NpmLock.Release();
        }

        var input = new JsonArray(deliveries.Select(d => (JsonNode)new JsonObject
        {
            ["secret"] = d.Secret,
            ["id"] = d.Delivery.Id,
            ["timestamp"] = d.Delivery.Timestamp,
            ["signature"] = d.Delivery.Signature,
            ["body"] = d.Delivery.Body,
        }).ToArray());
        var (exit, result) = await RunAsync(directory, "node", "verify.js", input.ToJsonString());
        Assert.True(exit == 0, $"verify.js failed: {result}");
        return JsonNode.Parse(result)!.AsArray();
    }

    private static async Task<(int Code, string Output)> RunAsync(string directory, string file, string arguments, string stdin)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}

public sealed class WebhookInteropTestsOnSqlite(WebhookSqliteFixture fx) : WebhookInteropTests(fx), IClassFixture<WebhookSqliteFixture>;

public sealed class WebhookInteropTestsOnPostgres(WebhookPostgresFixture fx) : WebhookInteropTests(fx.OrSkipWebhooks()), IClassFixture<WebhookPostgresFixture>;
