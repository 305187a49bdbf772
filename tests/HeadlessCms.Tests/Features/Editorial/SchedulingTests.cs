using System.Net;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Editorial;

/// <summary>Scheduled publishing that always fires: driven by a fake clock, never by sleeping.</summary>
public abstract class SchedulingTests(IEditorialFixture fx)
{
    [Fact]
    public async Task A_scheduled_article_goes_live_at_its_instant_without_any_request()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(fx.Api);
        var url = $"/api/v1/articles/{article.Str("slug")}";
        var at = fx.Clock.GetUtcNow().AddHours(3).ToOffset(TimeSpan.FromHours(1));
        at = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));

        var scheduled = await EditorClient.Send(editor, HttpMethod.Post, $"{url}/publish", etag, new { publishAt = at.ToString("O") });
        var body = await scheduled.Json();
        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        Assert.Equal("scheduled", body.Str("status"));
        Assert.Equal(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"), body.Str("scheduledAt"));
        await fx.Api.Anonymous().GetAsync(url).ExpectProblem(HttpStatusCode.NotFound);

        var scheduler = fx.NewWorker();
        var first = scheduler.NextCycle;
        await scheduler.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await first.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            await fx.Api.Anonymous().GetAsync(url).ExpectProblem(HttpStatusCode.NotFound);

            // Time passes; nobody calls the API. The scheduler's own timer fires. The first cycle to finish may have
            // begun before the clock moved; the one after it began after, so it must have published the article.
            var cycle = scheduler.NextCycle;
            fx.Clock.Advance(TimeSpan.FromHours(3));
            await cycle.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            cycle = scheduler.NextCycle;
            fx.Clock.Advance(scheduler.PollInterval);
            await cycle.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }

        var live = await fx.Api.Anonymous().GetAsync(url).Expect(HttpStatusCode.OK);
        Assert.Equal("published", live.Str("status"));
        var list = await fx.Api.Anonymous().GetAsync($"/api/v1/articles?author={article["author"]!.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Equal(article.Str("id"), list["items"]![0]!.Str("id"));
        Assert.Equal(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"), live.Str("publishedAt"));
        Assert.Null(live["scheduledAt"]);
    }

    [Fact]
    public async Task A_scheduler_starting_after_downtime_catches_up_and_two_workers_publish_each_article_once()
    {
        var editor = await fx.Api.Editor();
        var slugs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (_, article, etag) = await EditorClient.NewArticle(fx.Api);
            var at = fx.Clock.GetUtcNow().AddMinutes(10 + i);
            await EditorClient.Send(editor, HttpMethod.Post, $"/api/v1/articles/{article.Str("id")}/publish", etag, new { publishAt = at }).Expect(HttpStatusCode.OK);
            slugs.Add(article.Str("slug"));
        }

        // "Downtime": no scheduler runs while the articles come due.
        fx.Clock.Advance(TimeSpan.FromHours(1));
        foreach (var slug in slugs)
        {
            await fx.Api.Anonymous().GetAsync($"/api/v1/articles/{slug}").ExpectProblem(HttpStatusCode.NotFound);
        }

        // Two instances start at once and race for the same overdue articles.
        var first = fx.NewWorker();
        var second = fx.NewWorker();
        var claimed = await Task.WhenAll(first.RunDueAsync(CancellationToken.None), second.RunDueAsync(CancellationToken.None));
        Assert.True(claimed.Sum() >= slugs.Count);

        foreach (var slug in slugs)
        {
            await fx.Api.Anonymous().GetAsync($"/api/v1/articles/{slug}").Expect(HttpStatusCode.OK);
            var audit = await fx.Api.Admin().GetAsync($"/api/v1/audit?target={slug}&action=publish-scheduled").Expect(HttpStatusCode.OK);
            Assert.Single(audit["items"]!.AsArray());
        }

        Assert.Equal(0, await first.RunDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Unpublishing_a_scheduled_article_cancels_the_schedule()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(fx.Api);
        var url = $"/api/v1/articles/{article.Str("id")}";
        var scheduled = await EditorClient.Send(editor, HttpMethod.Post, $"{url}/publish", etag, new { publishAt = fx.Clock.GetUtcNow().AddMinutes(5) });
        var cancelled = await EditorClient.Send(editor, HttpMethod.Post, $"{url}/unpublish", scheduled.Headers.ETag!.ToString());
        Assert.Equal("draft", (await cancelled.Json()).Str("status"));

        fx.Clock.Advance(TimeSpan.FromMinutes(10));
        await fx.NewWorker().RunDueAsync(CancellationToken.None);
        await fx.Api.Anonymous().GetAsync(url).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_publish_at_in_the_past_is_a_400()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(fx.Api);
        var response = await EditorClient.Send(editor, HttpMethod.Post, $"/api/v1/articles/{article.Str("id")}/publish", etag,
            new { publishAt = fx.Clock.GetUtcNow().AddMinutes(-5) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Json())["errors"]!["publishAt"]);
    }
}

public sealed class SchedulingTestsOnSqlite(EditorialSqliteFixture fx) : SchedulingTests(fx), IClassFixture<EditorialSqliteFixture>;

public sealed class SchedulingTestsOnPostgres(EditorialPostgresFixture fx) : SchedulingTests(fx.OrSkipEditorial()), IClassFixture<EditorialPostgresFixture>;
