using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HeadlessCms.Api.Common.Background;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using StandardWebhooks.Diagnostics;

namespace HeadlessCms.Tests.Features.Webhooks;

/// <summary>Subscriptions, the events partners hear about, and signatures a receiver checks with the StandardWebhooks package.</summary>
public abstract class WebhookTests(IWebhookFixture fx)
{
    private const string Hooks = "/api/v1/webhooks";

    private static readonly string[] AllEvents =
    [
        "article.published", "article.updated", "article.unpublished", "article.deleted",
        "comment.submitted", "comment.approved", "author.updated", "tag.updated",
    ];

    private async Task<(string Id, string Secret, string Url)> SubscribeAsync(string[]? events = null, bool moderation = false)
    {
        var url = fx.Receiver.NewEndpoint();
        var created = await fx.Api.Admin().PostJson(Hooks, new { url, eventTypes = events ?? AllEvents, moderation }).Expect(HttpStatusCode.Created);
        return (created["webhook"].Str("id"), created.Str("secret"), url);
    }

    [Fact]
    public async Task An_admin_manages_subscriptions_and_sees_the_secret_only_when_it_is_issued()
    {
        var admin = fx.Api.Admin();
        var url = fx.Receiver.NewEndpoint();
        var response = await admin.PostJson(Hooks, new { url, eventTypes = new[] { "article.published", "tag.updated" }, description = "Static-site rebuild" });
        var created = await response.Expect(HttpStatusCode.Created);
        var id = created["webhook"].Str("id");
        Assert.Equal($"/api/v1/webhooks/{id}", response.Headers.Location?.OriginalString);
        var secret = created.Str("secret");
        Assert.StartsWith("whsec_", secret);
        Assert.True(Convert.FromBase64String(secret["whsec_".Length..]).Length >= 24);
        Assert.Equal(url, created["webhook"].Str("url"));
        Assert.True(created["webhook"]!["enabled"]!.GetValue<bool>());

        var read = await admin.GetAsync($"{Hooks}/{id}").Expect(HttpStatusCode.OK);
        Assert.Null(read["secret"]);
        Assert.DoesNotContain(secret, read.ToJsonString());
        Assert.Equal(["article.published", "tag.updated"], read["eventTypes"].Strings());
        Assert.Equal("Static-site rebuild", read.Str("description"));
        var list = await admin.GetAsync(Hooks).Expect(HttpStatusCode.OK);
        Assert.Contains(id, list.AsArray().Select(w => w.Str("id")));
        Assert.DoesNotContain(secret, list.ToJsonString());

        var patched = await admin.PatchAsJsonAsync($"{Hooks}/{id}", new { eventTypes = new[] { "article.deleted" }, enabled = false }).Expect(HttpStatusCode.OK);
        Assert.Equal(["article.deleted"], patched["eventTypes"].Strings());
        Assert.False(patched["enabled"]!.GetValue<bool>());
        Assert.Equal(url, patched.Str("url"));
        Assert.Equal("Static-site rebuild", patched.Str("description"));

        var rotated = await admin.PostAsync($"{Hooks}/{id}/rotate-secret", null).Expect(HttpStatusCode.OK);
        Assert.StartsWith("whsec_", rotated.Str("secret"));
        Assert.NotEqual(secret, rotated.Str("secret"));
        Assert.NotNull(rotated["webhook"]!["previousSecretValidUntil"]);

        await admin.DeleteAsync($"{Hooks}/{id}").Expect(HttpStatusCode.NoContent);
        await admin.GetAsync($"{Hooks}/{id}").ExpectProblem(HttpStatusCode.NotFound);
        await admin.DeleteAsync($"{Hooks}/{id}").ExpectProblem(HttpStatusCode.NotFound);
        await admin.PostAsync($"{Hooks}/{id}/rotate-secret", null).ExpectProblem(HttpStatusCode.NotFound);

        var audit = await admin.GetAsync($"/api/v1/audit?target={id}").Expect(HttpStatusCode.OK);
        Assert.Contains("rotate-webhook-secret", audit.ToJsonString());
    }

    [Fact]
    public async Task Bad_subscriptions_are_400_field_errors()
    {
        var admin = fx.Api.Admin();
        var url = fx.Receiver.NewEndpoint();
        await admin.PostJson(Hooks, new { url = "not a url", eventTypes = AllEvents }).ExpectValidation("url");
        await admin.PostJson(Hooks, new { url = "ftp://example.com/hook", eventTypes = AllEvents }).ExpectValidation("url");
        await admin.PostJson(Hooks, new { url = "https://user:pw@example.com/hook", eventTypes = AllEvents }).ExpectValidation("url");
        await admin.PostJson(Hooks, new { eventTypes = AllEvents }).ExpectValidation("url");
        var unknown = await admin.PostJson(Hooks, new { url, eventTypes = new[] { "article.published", "article.exploded" } }).ExpectValidation("eventTypes");
        Assert.Contains("article.exploded", unknown["errors"]!["eventTypes"]!.ToJsonString());
        await admin.PostJson(Hooks, new { url, eventTypes = Array.Empty<string>() }).ExpectValidation("eventTypes");
        await admin.PostJson(Hooks, new { url }).ExpectValidation("eventTypes");
        await admin.PostJson(Hooks, new { url, eventTypes = new[] { "ping" } }).ExpectValidation("eventTypes");
        await admin.PostJson(Hooks, new { url, eventTypes = AllEvents, description = new string('d', 501) }).ExpectValidation("description");
        await admin.PostRaw(Hooks, "{\"url\": ").ExpectProblem(HttpStatusCode.BadRequest);
        await admin.PostJson(Hooks, new { url, eventTypes = "article.published" }).ExpectProblem(HttpStatusCode.BadRequest);

        var (id, _, _) = await SubscribeAsync();
        await admin.PatchAsJsonAsync($"{Hooks}/{id}", new { eventTypes = Array.Empty<string>() }).ExpectValidation("eventTypes");
        await admin.PatchAsJsonAsync($"{Hooks}/{id}", new { url = "gopher://example.com" }).ExpectValidation("url");
        await admin.PatchAsJsonAsync($"{Hooks}/{Guid.NewGuid()}", new { enabled = true }).ExpectProblem(HttpStatusCode.NotFound);

        // Without Cms:Webhooks:AllowHttp (the default), http targets are refused; https ones are fine.
        var strict = fx.Api.AnotherInstance(new Dictionary<string, string?> { ["Cms:Webhooks:AllowHttp"] = "false" });
        using var strictAdmin = strict.CreateClient();
        strictAdmin.DefaultRequestHeaders.Authorization = new("Bearer", CmsApiFixture.AdminKey);
        var http = await strictAdmin.PostJson(Hooks, new { url, eventTypes = AllEvents }).ExpectValidation("url");
        Assert.Contains("https", http["errors"]!["url"]!.ToJsonString());
        await strictAdmin.PostJson(Hooks, new { url = "https://partner.example/hooks", eventTypes = AllEvents }).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Subscriptions_are_admin_only()
    {
        var body = new { url = fx.Receiver.NewEndpoint(), eventTypes = AllEvents };
        await fx.Api.Anonymous().PostJson(Hooks, body).ExpectUnauthorized();
        await fx.Api.Anonymous().GetAsync(Hooks).ExpectUnauthorized();
        var editor = await fx.Api.Editor();
        await editor.PostJson(Hooks, body).ExpectProblem(HttpStatusCode.Forbidden);
        await editor.GetAsync(Hooks).ExpectProblem(HttpStatusCode.Forbidden);
        var (id, _, _) = await SubscribeAsync();
        await editor.GetAsync($"{Hooks}/{id}").ExpectProblem(HttpStatusCode.Forbidden);
        await editor.PatchAsJsonAsync($"{Hooks}/{id}", new { enabled = false }).ExpectProblem(HttpStatusCode.Forbidden);
        await editor.DeleteAsync($"{Hooks}/{id}").ExpectProblem(HttpStatusCode.Forbidden);
        await editor.PostAsync($"{Hooks}/{id}/rotate-secret", null).ExpectProblem(HttpStatusCode.Forbidden);
        await fx.Api.Anonymous().PostAsync($"{Hooks}/{id}/rotate-secret", null).ExpectUnauthorized();
    }

    [Fact]
    public async Task An_articles_life_reaches_the_receiver_in_order_signed_so_the_standard_library_verifies_it()
    {
        var (_, secret, url) = await SubscribeAsync(["article.published", "article.updated", "article.unpublished", "article.deleted"]);
        var editor = await fx.Api.Editor();
        var content = new ContentBuilder(editor);
        var author = (await content.Author()).Str("id");
        var draft = await content.Draft(author);
        var id = draft.Str("id");
        var slug = draft.Str("slug");

        // A draft's edits are nobody's business; then publish, edit, unpublish, publish again, delete.
        await editor.PatchMerge($"/api/v1/articles/{id}", new { excerpt = "Draft edit." }).Expect(HttpStatusCode.OK);
        await content.Publish(id);
        await editor.PatchMerge($"/api/v1/articles/{id}", new { title = "A better title" }).Expect(HttpStatusCode.OK);
        await content.Unpublish(id);
        await content.Publish(id);
        await editor.DeleteAsync($"/api/v1/articles/{id}").Expect(HttpStatusCode.NoContent);
        Assert.Empty(fx.Receiver.At(url));

        await fx.Dispatch();
        var received = fx.Receiver.At(url);
        Assert.Equal(
            ["article.published", "article.updated", "article.unpublished", "article.published", "article.deleted"],
            received.Select(r => r.Type));
        foreach (var delivery in received)
        {
            delivery.Verify(secret);
            Assert.StartsWith("msg_", delivery.Id);
            Assert.Matches("^v1,[A-Za-z0-9+/=]+$", delivery.Signature);
            Assert.True(DateTimeOffset.TryParse(delivery.Json.Str("timestamp"), out _));
        }

        Assert.Equal(received.Count, received.Select(r => r.Id).Distinct().Count());
        var published = received[0].Json["data"]!;
        Assert.Equal(id, published.Str("id"));
        Assert.Equal(slug, published.Str("slug"));
        Assert.Equal("published", published.Str("status"));
        Assert.NotNull(published["highlights"]);
        Assert.Equal("A better title", received[1].Json["data"].Str("title"));
        Assert.Equal(new JsonObject { ["id"] = id, ["slug"] = slug }.ToJsonString(), received[2].Json["data"]!.ToJsonString());
        Assert.Equal(id, received[4].Json["data"].Str("id"));

        // A tampered body, or another secret, fails the library's check.
        var tampered = received[0] with { Body = received[0].Body.Replace(slug, slug + "-x") };
        Assert.Throws<WebhookVerificationException>(() => tampered.Verify(secret));
        Assert.Throws<WebhookVerificationException>(() => received[0].Verify("whsec_" + Convert.ToBase64String(new byte[32])));
    }

    [Fact]
    public async Task A_scheduled_publish_fires_article_published_when_the_scheduler_publishes_it()
    {
        var (_, secret, url) = await SubscribeAsync(["article.published"]);
        var editor = await fx.Api.Editor();
        var content = new ContentBuilder(editor);
        var draft = await content.Draft((await content.Author()).Str("id"));
        var at = fx.Clock.GetUtcNow().AddSeconds(10);
        await editor.PostJson($"/api/v1/articles/{draft.Str("id")}/publish", new { publishAt = at }).Expect(HttpStatusCode.OK);

        await fx.Dispatch();
        Assert.Empty(fx.Receiver.At(url));

        fx.Clock.Advance(TimeSpan.FromSeconds(11));
        await fx.Dispatch();
        var delivery = Assert.Single(fx.Receiver.At(url));
        delivery.Verify(secret);
        Assert.Equal("article.published", delivery.Type);
        Assert.Equal(draft.Str("slug"), delivery.Json["data"].Str("slug"));
        Assert.Equal("published", delivery.Json["data"].Str("status"));
    }

    [Fact]
    public async Task Comments_authors_and_tags_raise_their_events_and_only_moderation_subscriptions_see_emails()
    {
        var events = new[] { "comment.submitted", "comment.approved", "author.updated", "tag.updated" };
        var (_, secret, partner) = await SubscribeAsync(events);
        var (_, moderationSecret, moderation) = await SubscribeAsync(events, moderation: true);
        var commenting = new Commenting(fx.Api);
        var article = await commenting.Article();
        var email = $"{Infrastructure.Api.Unique("reader")}@example.com";
        var comment = (await commenting.Submit(article.Str("slug"), Commenting.Body("Well argued.", email: email))).Str("id");
        await commenting.Moderate(comment, "approve");

        var editor = await fx.Api.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        await editor.PutJson($"/api/v1/authors/{author.Str("id")}", new { name = "Renamed Author", bio = "Now writes about metals." }).Expect(HttpStatusCode.OK);
        var tag = await content.Tag();
        await editor.PutJson($"/api/v1/tags/{tag.Str("id")}", new { name = "Renamed Tag" }).Expect(HttpStatusCode.OK);

        await fx.Dispatch();
        var toPartner = fx.Receiver.At(partner);
        var toModeration = fx.Receiver.At(moderation);
        Assert.Equal(["comment.submitted", "comment.approved", "author.updated", "tag.updated"], toPartner.Select(r => r.Type));
        Assert.Equal(toPartner.Select(r => r.Type), toModeration.Select(r => r.Type));
        toPartner.ForEach(r => r.Verify(secret));
        toModeration.ForEach(r => r.Verify(moderationSecret));
        Assert.Throws<WebhookVerificationException>(() => toPartner[0].Verify(moderationSecret));

        Assert.Equal(comment, toPartner[0].Json["data"].Str("id"));
        Assert.Equal("Well argued.", toPartner[0].Json["data"].Str("body"));
        Assert.Equal("pending", toPartner[0].Json["data"].Str("status"));
        Assert.DoesNotContain(email, toPartner[0].Body);
        Assert.DoesNotContain(email, toPartner[1].Body);
        Assert.Equal(email, toModeration[0].Json["data"].Str("authorEmail"));
        Assert.Equal("approved", toPartner[1].Json["data"].Str("status"));
        Assert.Equal("Renamed Author", toPartner[2].Json["data"].Str("name"));
        Assert.Equal("Renamed Tag", toPartner[3].Json["data"].Str("name"));
    }

    [Fact]
    public async Task During_a_rotation_deliveries_carry_both_signatures_then_only_the_new_one()
    {
        var (id, oldSecret, url) = await SubscribeAsync(["tag.updated"]);
        var rotated = await fx.Api.Admin().PostAsync($"{Hooks}/{id}/rotate-secret", null).Expect(HttpStatusCode.OK);
        var newSecret = rotated.Str("secret");
        var editor = await fx.Api.Editor();
        var tag = await new ContentBuilder(editor).Tag();

        await editor.PutJson($"/api/v1/tags/{tag.Str("id")}", new { name = Infrastructure.Api.Unique("During") }).Expect(HttpStatusCode.OK);
        await fx.Dispatch();
        var during = Assert.Single(fx.Receiver.At(url));
        Assert.Equal(2, during.Signature.Split(' ').Length);

        // The NuGet package checks the first signature only, and the old secret's comes first: a receiver that has not
        // switched yet keeps working. (The npm package checks both: WebhookInteropTests.)
        during.Verify(oldSecret);

        fx.Clock.Advance(TimeSpan.FromHours(WebhookSetup.RotationHours) + TimeSpan.FromSeconds(1));
        await editor.PutJson($"/api/v1/tags/{tag.Str("id")}", new { name = Infrastructure.Api.Unique("After") }).Expect(HttpStatusCode.OK);
        await fx.Dispatch();
        var after = fx.Receiver.At(url)[1];
        Assert.Single(after.Signature.Split(' '));
        after.Verify(newSecret);
        Assert.Throws<WebhookVerificationException>(() => after.Verify(oldSecret));
    }

    [Fact]
    public async Task The_event_and_its_deliveries_commit_with_the_change_or_not_at_all()
    {
        var (id, _, url) = await SubscribeAsync(["tag.updated"]);
        var editor = await fx.Api.Editor();
        var tag = await new ContentBuilder(editor).Tag();

        // A write that fails (a slug taken by another tag) leaves no delivery behind.
        var other = await new ContentBuilder(editor).Tag();
        await editor.PutJson($"/api/v1/tags/{tag.Str("id")}", new { name = "Clash", slug = other.Str("slug") }).ExpectProblem(HttpStatusCode.Conflict);
        await editor.PutJson($"/api/v1/tags/{tag.Str("id")}", new { name = "Fine" }).Expect(HttpStatusCode.OK);

        await using var db = fx.Api.NewDbContext();
        var subscription = Guid.Parse(id);
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscription).ToListAsync();
        var delivery = Assert.Single(deliveries);
        var job = await db.BackgroundJobs.AsNoTracking().SingleAsync(j => j.Lane == $"webhook:{subscription:N}");
        Assert.Contains(delivery.Id.ToString(), job.Payload);
        Assert.Equal(BackgroundJobStatus.Pending, job.Status);

        await fx.Dispatch();
        Assert.Equal("Fine", Assert.Single(fx.Receiver.At(url)).Json["data"].Str("name"));
    }

    [Fact]
    public async Task A_test_ping_is_signed_logged_and_redelivered_with_the_same_webhook_id()
    {
        var (id, secret, url) = await SubscribeAsync(["tag.updated"]);
        var admin = fx.Api.Admin();
        var ping = await admin.PostAsync($"{Hooks}/{id}/test", null).Expect(HttpStatusCode.Accepted);
        Assert.Equal("ping", ping.Str("eventType"));
        Assert.Equal("pending", ping.Str("status"));
        await fx.Dispatch();
        var received = Assert.Single(fx.Receiver.At(url));
        received.Verify(secret);
        Assert.Equal("ping", received.Type);
        Assert.Equal(id, received.Json["data"].Str("webhookId"));
        Assert.Equal(ping.Str("webhookId"), received.Id);

        var delivery = ping.Str("id");
        var again = await admin.PostAsync($"{Hooks}/{id}/deliveries/{delivery}/redeliver", null).Expect(HttpStatusCode.Accepted);
        Assert.Equal("pending", again.Str("status"));
        await admin.PostAsync($"{Hooks}/{id}/deliveries/{delivery}/redeliver", null).ExpectProblem(HttpStatusCode.Conflict);
        await fx.Dispatch();
        var both = fx.Receiver.At(url);
        Assert.Equal(2, both.Count);
        Assert.Equal(both[0].Id, both[1].Id);
        Assert.Equal(both[0].Body, both[1].Body);
        both[1].Verify(secret);

        // A failed ping is logged, not retried, and not counted against the subscription.
        fx.Receiver.Script(url, new ReceiverAnswer(500));
        await admin.PostAsync($"{Hooks}/{id}/test", null).Expect(HttpStatusCode.Accepted);
        await fx.Dispatch();
        var log = await admin.GetAsync($"{Hooks}/{id}/deliveries").Expect(HttpStatusCode.OK);
        Assert.Equal(["failed", "delivered"], log.Items().Select(d => d.Str("status")));
        Assert.Equal(2, log.Items()[1].Int("attempts"));
        Assert.Equal(0, (await admin.GetAsync($"{Hooks}/{id}").Expect(HttpStatusCode.OK)).Int("consecutiveFailures"));

        var first = await admin.GetAsync($"{Hooks}/{id}/deliveries?limit=1");
        var page = await first.Expect(HttpStatusCode.OK);
        Assert.Single(page.Items());
        Assert.NotNull(first.NextLink());
        var next = await admin.GetAsync($"{Hooks}/{id}/deliveries?limit=1&cursor={page.Str("nextCursor")}").Expect(HttpStatusCode.OK);
        Assert.Equal(delivery, next.Items().Single().Str("id"));

        await admin.GetAsync($"{Hooks}/{id}/deliveries?limit=0").ExpectValidation("limit");
        await admin.GetAsync($"{Hooks}/{id}/deliveries?cursor=bogus").ExpectValidation("cursor");
        await admin.GetAsync($"{Hooks}/{Guid.NewGuid()}/deliveries").ExpectProblem(HttpStatusCode.NotFound);
        await admin.PostAsync($"{Hooks}/{Guid.NewGuid()}/test", null).ExpectProblem(HttpStatusCode.NotFound);
        await admin.PostAsync($"{Hooks}/{id}/deliveries/{Guid.NewGuid()}/redeliver", null).ExpectProblem(HttpStatusCode.NotFound);
        var editor = await fx.Api.Editor();
        await editor.GetAsync($"{Hooks}/{id}/deliveries").ExpectProblem(HttpStatusCode.Forbidden);
        await editor.PostAsync($"{Hooks}/{id}/test", null).ExpectProblem(HttpStatusCode.Forbidden);
        await fx.Api.Anonymous().PostAsync($"{Hooks}/{id}/deliveries/{delivery}/redeliver", null).ExpectUnauthorized();
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        var (id, _, url) = await SubscribeAsync(["tag.updated"]);
        var elsewhere = fx.Receiver.NewEndpoint("elsewhere");
        fx.Receiver.Script(url, new ReceiverAnswer(307, Location: elsewhere));
        await fx.Api.Admin().PostAsync($"{Hooks}/{id}/test", null).Expect(HttpStatusCode.Accepted);
        await fx.Dispatch();

        Assert.Single(fx.Receiver.At(url));
        Assert.Empty(fx.Receiver.At(elsewhere));
        var log = await fx.Api.Admin().GetAsync($"{Hooks}/{id}/deliveries").Expect(HttpStatusCode.OK);
        var delivery = Assert.Single(log.Items());
        Assert.NotNull(delivery);
        Assert.Equal(307, delivery["attemptLog"]![0].Int("statusCode"));
        Assert.Equal("failed", delivery.Str("status"));
    }

    [Fact]
    public async Task By_default_deliveries_refuse_loopback_private_link_local_and_metadata_addresses_at_connect_time()
    {
        // Another instance on the same database, with the product default (the fixture allows private networks for its receiver).
        var strict = fx.Api.AnotherInstance(new Dictionary<string, string?> { ["Cms:Webhooks:AllowPrivateNetworks"] = "false" });
        var port = new Uri(fx.Receiver.BaseUrl).Port;
        var receiverPath = new Uri(fx.Receiver.NewEndpoint()).AbsolutePath;
        string[] targets =
        [
            $"http://127.0.0.1:{port}{receiverPath}",
            $"http://localhost:{port}{receiverPath}",
            $"http://[::ffff:127.0.0.1]:{port}{receiverPath}",
            $"http://[::1]:{port}{receiverPath}",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.1.2.3/hook",
            "http://192.168.1.1/hook",
            "http://[fd00:ec2::254]/latest/meta-data/",
        ];
        var ids = new List<string>();
        foreach (var target in targets)
        {
            var created = await fx.Api.Admin().PostJson(Hooks, new { url = target, eventTypes = new[] { "tag.updated" } }).Expect(HttpStatusCode.Created);
            ids.Add(created["webhook"].Str("id"));
            await fx.Api.Admin().PostAsync($"{Hooks}/{ids[^1]}/test", null).Expect(HttpStatusCode.Accepted);
        }

        await ActivatorUtilities.CreateInstance<BackgroundWorker>(strict.Services).RunDueAsync(CancellationToken.None);
        Assert.Empty(fx.Receiver.At(receiverPath.Insert(0, fx.Receiver.BaseUrl)));
        foreach (var (id, target) in ids.Zip(targets))
        {
            var delivery = Assert.Single((await fx.Api.Admin().GetAsync($"{Hooks}/{id}/deliveries").Expect(HttpStatusCode.OK)).Items());
            Assert.NotNull(delivery);
            var attempt = delivery["attemptLog"]![0]!;
            Assert.Null(attempt["statusCode"]);
            Assert.Contains("Refused to connect", attempt.Str("error"), StringComparison.Ordinal);
            Assert.True(attempt.Int("durationMs") < 5000, $"{target} took {attempt.Int("durationMs")} ms: it was tried, not refused");

            // Gone, so the other tests' events never reach these addresses through the permissive instance.
            await fx.Api.Admin().DeleteAsync($"{Hooks}/{id}").Expect(HttpStatusCode.NoContent);
        }
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("10.0.0.1", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("192.168.0.10", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("::1", true)]
    [InlineData("::", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00:ec2::254", true)]
    [InlineData("fc00::1", true)]
    [InlineData("ff02::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("::ffff:169.254.169.254", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("64:ff9b::a9fe:a9fe", true)]
    [InlineData("2002:7f00:1::1", true)]
    [InlineData("93.184.216.34", false)]
    [InlineData("172.32.0.1", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData("::ffff:8.8.8.8", false)]
    [InlineData("2606:4700:4700::1111", false)]
    public void Internal_addresses_are_recognised_in_every_spelling(string address, bool isInternal) =>
        Assert.Equal(isInternal, HeadlessCms.Api.Features.Webhooks.WebhookConnections.IsInternal(System.Net.IPAddress.Parse(address)));
}

public sealed class WebhookTestsOnSqlite(WebhookSqliteFixture fx) : WebhookTests(fx), IClassFixture<WebhookSqliteFixture>;

public sealed class WebhookTestsOnPostgres(WebhookPostgresFixture fx) : WebhookTests(fx.OrSkipWebhooks()), IClassFixture<WebhookPostgresFixture>;
