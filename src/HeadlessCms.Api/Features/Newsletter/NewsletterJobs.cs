using System.Security.Cryptography;
using System.Text;
using HeadlessCms.Api.Common.Background;
using HeadlessCms.Api.Common.Email;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Newsletter;

/// <summary>
/// The newsletter's background work, all on Common/Background: written in the transaction of the change that causes
/// it, claimed by one instance, retried with backoff. Payloads carry ids only, never an address, so erasing a
/// subscriber leaves nothing behind in the queue: a job whose subscriber is gone (or no longer wants the email) ends
/// without sending.
/// </summary>
public static class NewsletterJobs
{
    public const string Confirmation = "newsletter.confirmation";
    public const string Digest = "newsletter.digest";
    public const string DigestEmail = "newsletter.digest-email";
    public const string Schedule = "newsletter.schedule";

    public sealed record ConfirmationPayload(Guid SubscriberId, int Stamp);

    public sealed record DigestPayload(Guid DigestId);

    public sealed record DigestEmailPayload(Guid DigestId, Guid SubscriberId);

    public sealed record SchedulePayload(DateTime DueAt);

    public static void QueueConfirmation(CmsDbContext db, Subscriber subscriber, TimeProvider clock) =>
        db.Enqueue(Confirmation, new ConfirmationPayload(subscriber.Id, subscriber.ConfirmStamp), clock);

    public static void QueueDigest(CmsDbContext db, Guid digestId, TimeProvider clock) =>
        db.Enqueue(Digest, new DigestPayload(digestId), clock);

    /// <summary>
    /// The scheduled digest due at <paramref name="dueAt"/>. Its id is derived from the due time, so every instance that
    /// schedules the same digest writes the same row and only the first insert succeeds.
    /// </summary>
    public static void QueueSchedule(CmsDbContext db, DateTime dueAt, TimeProvider clock)
    {
        var job = db.Enqueue(Schedule, new SchedulePayload(dueAt), clock, dueAt);
        job.Id = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{Schedule}/{dueAt.Ticks}"))[..16]);
    }

    /// <summary>The next time of day <paramref name="at"/> (UTC) strictly after <paramref name="now"/>.</summary>
    public static DateTime NextRun(DateTime now, TimeSpan at)
    {
        var today = now.Date + at;
        return today > now ? today : today.AddDays(1);
    }

    public static IServiceCollection AddNewsletter(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NewsletterOptions>(configuration.GetSection(NewsletterOptions.Section));
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        services.AddSingleton<ServerSecrets>();
        services.AddSingleton<Mailer>();
        services.AddSingleton<NewsletterTokens>();
        services.AddScoped<NewsletterMail>();
        services.AddBackgroundJob<SendConfirmationEmail>(Confirmation);
        services.AddBackgroundJob<QueueDigestEmails>(Digest, o => o.Lease = TimeSpan.FromMinutes(30));
        services.AddBackgroundJob<SendDigestEmail>(DigestEmail);
        services.AddBackgroundJob<RunScheduledDigest>(Schedule);
        services.AddHostedService<DigestScheduleStarter>();
        return services;
    }
}

/// <summary>Sends the confirmation email of a signup, unless the subscription has moved on since it was queued.</summary>
internal sealed class SendConfirmationEmail(CmsDbContext db, NewsletterMail mail, Mailer mailer) : IBackgroundJobHandler
{
    public async Task<JobResult> RunAsync(BackgroundJob job, JobKindOptions options, CancellationToken ct)
    {
        var payload = job.PayloadAs<NewsletterJobs.ConfirmationPayload>();
        var subscriber = await db.Subscribers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == payload.SubscriberId, ct);
        if (subscriber is null || subscriber.Status != SubscriberStatus.Pending || subscriber.ConfirmStamp != payload.Stamp)
        {
            return JobResult.Done;
        }

        await mailer.SendAsync(await mail.ConfirmationAsync(subscriber, $"confirm-{job.Id:N}", ct), ct);
        return JobResult.Done;
    }
}

/// <summary>
/// Queues one email per confirmed subscriber whose topics match, in batches, each batch with its delivery rows in one
/// transaction. A delivery row per (digest, subscriber) is the "never twice" rule: a fan-out that is run again (its
/// instance died) skips everyone it already queued.
/// </summary>
internal sealed class QueueDigestEmails(CmsDbContext db, TimeProvider clock) : IBackgroundJobHandler
{
    private const int BatchSize = 500;

    public async Task<JobResult> RunAsync(BackgroundJob job, JobKindOptions options, CancellationToken ct)
    {
        var digestId = job.PayloadAs<NewsletterJobs.DigestPayload>().DigestId;
        if (!await db.NewsletterDigests.AnyAsync(d => d.Id == digestId, ct))
        {
            return JobResult.Done;
        }

        var articles = await Digests.ArticlesAsync(db, digestId, ct);
        var after = Guid.Empty;
        while (true)
        {
            var batch = await db.Subscribers.AsNoTracking()
                .Where(s => s.Status == SubscriberStatus.Confirmed && s.Id.CompareTo(after) > 0)
                .OrderBy(s => s.Id)
                .Take(BatchSize)
                .Select(s => new
                {
                    s.Id,
                    Topics = s.Topics.Select(t => t.TagId).ToList(),
                    Queued = db.NewsletterDeliveries.Any(d => d.DigestId == digestId && d.SubscriberId == s.Id),
                })
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var queued = 0;
            foreach (var subscriber in batch.Where(s => !s.Queued && Digests.For(s.Topics, articles).Count > 0))
            {
                db.NewsletterDeliveries.Add(new NewsletterDelivery { DigestId = digestId, SubscriberId = subscriber.Id, CreatedAt = now });
                db.Enqueue(NewsletterJobs.DigestEmail, new NewsletterJobs.DigestEmailPayload(digestId, subscriber.Id), clock);
                queued++;
            }

            if (queued > 0)
            {
                await db.SaveChangesAsync(ct);
                await db.NewsletterDigests.Where(d => d.Id == digestId)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.Recipients, d => d.Recipients + queued), ct);
                db.ChangeTracker.Clear();
            }

            after = batch[^1].Id;
        }

        await db.NewsletterDigests.Where(d => d.Id == digestId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.QueuedAt, clock.GetUtcNow().UtcDateTime), ct);
        return JobResult.Done;
    }
}

/// <summary>Sends one subscriber their digest: the digest's articles that match their topics, if they are still confirmed.</summary>
internal sealed class SendDigestEmail(CmsDbContext db, NewsletterMail mail, Mailer mailer) : IBackgroundJobHandler
{
    public async Task<JobResult> RunAsync(BackgroundJob job, JobKindOptions options, CancellationToken ct)
    {
        var payload = job.PayloadAs<NewsletterJobs.DigestEmailPayload>();
        var subscriber = await db.Subscribers.AsNoTracking().Include(s => s.Topics)
            .SingleOrDefaultAsync(s => s.Id == payload.SubscriberId, ct);
        if (subscriber is not { Status: SubscriberStatus.Confirmed })
        {
            return JobResult.Done;
        }

        var articles = Digests.For(subscriber.Topics.Select(t => t.TagId).ToList(), await Digests.ArticlesAsync(db, payload.DigestId, ct));
        if (articles.Count == 0)
        {
            return JobResult.Done;
        }

        // The same Message-Id on every attempt: a receiver that got a send we think failed can drop the repeat.
        await mailer.SendAsync(await mail.DigestAsync(subscriber, articles, $"digest-{payload.DigestId:N}-{subscriber.Id:N}", ct), ct);
        return JobResult.Done;
    }
}

/// <summary>The daily digest (Cms:Newsletter:DigestSchedule): makes the digest, and schedules the next one in the same transaction.</summary>
internal sealed class RunScheduledDigest(CmsDbContext db, IOptions<NewsletterOptions> options, TimeProvider clock, ILogger<RunScheduledDigest> logger)
    : IBackgroundJobHandler
{
    public async Task<JobResult> RunAsync(BackgroundJob job, JobKindOptions jobOptions, CancellationToken ct)
    {
        var settings = options.Value;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var digest = await Digests.CreateAsync(db, settings, clock, "schedule", ct);
        if (settings.DigestSchedule is { } at)
        {
            NewsletterJobs.QueueSchedule(db, NewsletterJobs.NextRun(clock.GetUtcNow().UtcDateTime, at), clock);
        }

        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.IsUniqueViolation(e))
        {
            // Another instance made this digest (its articles are taken) or scheduled the next one already.
            return JobResult.Done;
        }

        logger.LogInformation(digest is null ? "Scheduled digest: nothing new to send" : "Scheduled digest {Id} queued", digest?.Id);
        return JobResult.Done;
    }
}

/// <summary>On start, makes sure the next scheduled digest is queued (once, however many instances start).</summary>
internal sealed class DigestScheduleStarter(IServiceScopeFactory scopes, IOptions<NewsletterOptions> options, TimeProvider clock, ILogger<DigestScheduleStarter> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (options.Value.DigestSchedule is not { } at)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        if (await db.BackgroundJobs.AnyAsync(j => j.Kind == NewsletterJobs.Schedule && j.Status == BackgroundJobStatus.Pending, ct))
        {
            return;
        }

        NewsletterJobs.QueueSchedule(db, NewsletterJobs.NextRun(clock.GetUtcNow().UtcDateTime, at), clock);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.IsUniqueViolation(e))
        {
            logger.LogDebug("Another instance queued the next digest first");
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
