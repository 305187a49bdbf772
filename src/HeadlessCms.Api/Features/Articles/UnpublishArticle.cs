using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.Extensions.Options;
using HeadlessCms.Api.Features.Webhooks;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>Takes an article back to draft, or cancels its schedule: anonymous readers get 404 from now on.</summary>
public sealed record UnpublishArticle(string IdOrSlug, IfMatch IfMatch, Caller Caller) : ICommand<ArticleResponse>;

internal sealed class UnpublishArticleHandler(CmsDbContext db, TimeProvider clock, IOptions<EditorialOptions> options)
    : ICommandHandler<UnpublishArticle, ArticleResponse>
{
    public async ValueTask<ArticleResponse> Handle(UnpublishArticle command, CancellationToken ct)
    {
        var article = await db.LoadForWriteAsync(command.IdOrSlug, command.IfMatch, options.Value.RequireIfMatch, ct);
        if (article.Status != ArticleStatus.Draft)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var action = article.Status == ArticleStatus.Scheduled ? "unschedule" : "unpublish";
            if (article.Status == ArticleStatus.Published)
            {
                db.Raise(WebhookEvents.ArticleUnpublished, article.Id, article.Slug, article);
            }

            article.Status = ArticleStatus.Draft;
            article.ScheduledAt = null;
            article.ListedAt = Article.ListedAtFor(article.Status, article.PublishedAt, article.CreatedAt);
            article.UpdatedAt = now;
            db.Record(command.Caller, action, "article", article.Id, article.Slug, now);
            await db.SaveChangesAsync(ct);
        }

        return await db.ReadAsync(article.Id, ct);
    }
}
