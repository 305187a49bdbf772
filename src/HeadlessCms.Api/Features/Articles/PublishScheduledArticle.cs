using HeadlessCms.Api.Common.Background;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;
using HeadlessCms.Api.Features.Webhooks;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>The job a schedule leaves behind: due at publishAt, written with the schedule itself.</summary>
public sealed record PublishScheduledArticle(Guid ArticleId)
{
    public const string Kind = "article.publish-scheduled";
}

/// <summary>
/// Publishes a scheduled article when its job comes due, without any request arriving; the background queue makes
/// one worker run it, and catches up after downtime. The article is published by a conditional update (still
/// scheduled, due, same version), so a schedule that was cancelled or moved later leaves its old job with nothing to do.
/// </summary>
internal sealed class PublishScheduledArticleHandler(CmsDbContext db, TimeProvider clock, ILogger<PublishScheduledArticleHandler> logger)
    : IBackgroundJobHandler
{
    public async Task<JobResult> RunAsync(BackgroundJob job, JobKindOptions options, CancellationToken ct)
    {
        var id = job.PayloadAs<PublishScheduledArticle>().ArticleId;
        var now = clock.GetUtcNow().UtcDateTime;
        var article = await db.Articles.AsNoTracking()
            .Where(a => a.Id == id && a.Status == ArticleStatus.Scheduled && a.ScheduledAt <= now)
            .Select(a => new { a.Id, a.Slug, a.Version, ScheduledAt = a.ScheduledAt!.Value })
            .FirstOrDefaultAsync(ct);
        if (article is null)
        {
            return JobResult.Done;
        }

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
            // An editor changed it meanwhile; a schedule still standing has a job of its own.
            return JobResult.Done;
        }

        db.Record(Caller.Scheduler, "publish-scheduled", "article", article.Id, article.Slug, now);
        db.AuditEntries.Local.Last().Version = article.Version + 1;
        db.Raise(WebhookEvents.ArticlePublished, article.Id, article.Slug, db.AuditEntries.Local.Last());
        db.ArticleChanged(article.Id);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await db.CommittedAsync();
        logger.LogInformation("Published scheduled article {Slug} (due {DueAt:o})", article.Slug, article.ScheduledAt);
        return JobResult.Done;
    }
}
