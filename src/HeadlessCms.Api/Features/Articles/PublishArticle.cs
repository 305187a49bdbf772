using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>
/// Makes an article public. The first publication fixes publishedAt; publishing again after an
/// unpublish keeps the original date, as readers and feeds already saw it.
/// </summary>
public sealed record PublishArticle(string IdOrSlug) : ICommand<ArticleResponse>;

internal sealed class PublishArticleHandler(CmsDbContext db, TimeProvider clock) : ICommandHandler<PublishArticle, ArticleResponse>
{
    public async ValueTask<ArticleResponse> Handle(PublishArticle command, CancellationToken ct)
    {
        var article = await db.Articles.WhereIdOrSlug(command.IdOrSlug).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Article", command.IdOrSlug);

        if (article.Status != ArticleStatus.Published)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            article.Status = ArticleStatus.Published;
            article.PublishedAt ??= now;
            article.ListedAt = Article.ListedAtFor(article.Status, article.PublishedAt, article.CreatedAt);
            article.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
        }

        return await db.ReadAsync(article.Id, ct);
    }
}
