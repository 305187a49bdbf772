using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>Wakes the scheduler when this instance schedules something, so it need not wait for its next poll.</summary>
public sealed class ScheduleSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void ScheduleChanged()
    {
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: one wake-up is enough.
            }
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Publishes scheduled articles when they come due, without any request arriving. Each article is claimed with an
/// atomic conditional update (still scheduled, same version), so with several instances on one database exactly
/// one publishes it. On start it first catches up with everything that came due while no instance was running.
/// Time comes from TimeProvider, so tests drive it with FakeTimeProvider.
/// </summary>
public sealed class ScheduledPublisher(IServiceScopeFactory scopes, TimeProvider clock, ScheduleSignal signal, ILogger<ScheduledPublisher> logger)
    : BackgroundService
{
    /// <summary>How often to look for schedules made by other instances.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);

    private TaskCompletionSource cycle = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the next full cycle (claim due articles, then wait) has run: lets tests observe the loop without sleeping.</summary>
    public Task NextCycle => Volatile.Read(ref cycle).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                await PublishDueAsync(stoppingToken);
                wait = await TimeUntilNextDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Publishing scheduled articles failed; retrying after the poll interval");
                wait = PollInterval;
            }

            Interlocked.Exchange(ref cycle, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var delay = Task.Delay(wait, clock, timer.Token);
            var woken = signal.WaitAsync(Timeout.InfiniteTimeSpan, timer.Token);
            await Task.WhenAny(delay, woken);
            await timer.CancelAsync();
        }
    }

    /// <summary>Publishes every article whose time has come; returns how many this call claimed.</summary>
    public async Task<int> PublishDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Articles.AsNoTracking()
            .Where(a => a.Status == ArticleStatus.Scheduled && a.ScheduledAt <= now)
            .Select(a => new { a.Id, a.Slug, a.Version, ScheduledAt = a.ScheduledAt!.Value })
            .ToListAsync(ct);

        var claimed = 0;
        foreach (var article in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var won = await db.Articles
                .Where(a => a.Id == article.Id && a.Status == ArticleStatus.Scheduled && a.Version == article.Version)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.Status, ArticleStatus.Published)
                    .SetProperty(a => a.PublishedAt, article.ScheduledAt)
                    .SetProperty(a => a.ListedAt, article.ScheduledAt)
                    .SetProperty(a => a.ScheduledAt, (DateTime?)null)
                    .SetProperty(a => a.UpdatedAt, now)
                    .SetProperty(a => a.Version, article.Version + 1), ct);
            if (won == 0)
            {
                // Another instance (or an editor) got there first.
                continue;
            }

            db.Record(Caller.Scheduler, "publish-scheduled", "article", article.Id, article.Slug, now);
            db.AuditEntries.Local.Last().Version = article.Version + 1;
            db.ArticleChanged(article.Id);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await db.CommittedAsync();
            claimed++;
            logger.LogInformation("Published scheduled article {Slug} (due {DueAt:o})", article.Slug, article.ScheduledAt);
        }

        return claimed;
    }

    private async Task<TimeSpan> TimeUntilNextDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var next = await db.Articles.AsNoTracking()
            .Where(a => a.Status == ArticleStatus.Scheduled)
            .MinAsync(a => a.ScheduledAt, ct);
        if (next is null)
        {
            return PollInterval;
        }

        var wait = next.Value - clock.GetUtcNow().UtcDateTime;
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < PollInterval ? wait : PollInterval;
    }
}
