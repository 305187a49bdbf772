using HeadlessCms.Api.Common.Background;
using HeadlessCms.Api.Data;
using HeadlessCms.Api.Features.Newsletter;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessCms.Tests.Features.Newsletter;

/// <summary>
/// The daily digest (Cms:Newsletter:DigestSchedule) with three instances on one database, their workers racing: one
/// digest is made, each subscriber gets it once, and exactly one next run is scheduled.
/// </summary>
public abstract class ScheduledDigestTests(INewsletterFixture fx)
{
    private static readonly Dictionary<string, string?> Daily = new() { ["Cms:Newsletter:DigestSchedule"] = "06:00:00" };

    [Fact]
    public async Task Three_instances_make_the_daily_digest_once_and_each_subscriber_gets_it_once()
    {
        var editor = await fx.Api.Editor();
        var content = new ContentBuilder(editor);
        var author = (await content.Author()).Str("id");
        var newsletter = new Subscribing(fx);
        var readers = new[] { await newsletter.Confirmed(), await newsletter.Confirmed() };
        await fx.Deliver();

        // Three instances start with the schedule: the next 06:00 run is queued once, whoever starts first.
        var instances = Enumerable.Range(0, 3).Select(_ => fx.Api.AnotherInstance(Daily)).ToList();
        Assert.Single(await PendingAsync(NewsletterJobs.Schedule));

        var article = await content.Published(author, Infrastructure.Api.Unique("Morning news"));
        var now = fx.Clock.GetUtcNow().UtcDateTime;
        fx.Clock.Advance(NewsletterJobs.NextRun(now, TimeSpan.FromHours(6)) - now + TimeSpan.FromMinutes(1));

        // Every instance's worker runs what is due at the same moment, twice over.
        for (var round = 0; round < 2; round++)
        {
            await Task.WhenAll(instances.Select(i => Task.Run(() => Worker(i).RunDueAsync(CancellationToken.None))));
        }

        await using (var scope = fx.Api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            Assert.Single(await db.NewsletterDigests.AsNoTracking().Where(d => d.RequestedBy == "schedule").ToListAsync());
        }

        foreach (var reader in readers)
        {
            var digest = await fx.Inbox.WaitForAsync(reader, m => m.Subject?.StartsWith("The Daily Ore:", StringComparison.Ordinal) == true);
            Assert.Contains(article.Str("title"), digest.TextBody);
            Assert.Single(fx.Inbox.To(reader), m => m.Subject?.StartsWith("The Daily Ore:", StringComparison.Ordinal) == true);
        }

        // The run scheduled tomorrow's, once.
        var next = Assert.Single(await PendingAsync(NewsletterJobs.Schedule));
        Assert.True(next.DueAt > fx.Clock.GetUtcNow().UtcDateTime.AddHours(23));
    }

    private static BackgroundWorker Worker(WebApplicationFactory<Program> instance) =>
        ActivatorUtilities.CreateInstance<BackgroundWorker>(instance.Services);

    private async Task<List<BackgroundJob>> PendingAsync(string kind)
    {
        await using var scope = fx.Api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        return await db.BackgroundJobs.AsNoTracking().Where(j => j.Kind == kind && j.Status == BackgroundJobStatus.Pending).ToListAsync();
    }
}

public sealed class ScheduledDigestTestsOnSqlite(NewsletterSqliteFixture fx) : ScheduledDigestTests(fx), IClassFixture<NewsletterSqliteFixture>;

public sealed class ScheduledDigestTestsOnPostgres(NewsletterPostgresFixture fx) : ScheduledDigestTests(fx.OrSkipNewsletter()), IClassFixture<NewsletterPostgresFixture>;
