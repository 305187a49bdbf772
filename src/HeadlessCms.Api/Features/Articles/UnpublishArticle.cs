using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>Takes an article back to draft: anonymous readers get 404 from now on.</summary>
public sealed record UnpublishArticle(string IdOrSlug) : ICommand<ArticleResponse>;

internal sealed class UnpublishArticleHandler(CmsDbContext db, TimeProvider clock) : ICommandHandler<UnpublishArticle, ArticleResponse>
{
    public async ValueTask<ArticleResponse> Handle(UnpublishArticle command, CancellationToken ct)
    {
        var article = await db.Articles.WhereIdOrSlug(command.IdOrSlug).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Article", command.IdOrSlug);

        if (article.Status != ArticleStatus.Draft)
        {
            article.Status = ArticleStatus.Draft;
            article.ListedAt = Article.ListedAtFor(article.Status, article.PublishedAt, article.CreatedAt);
            article.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
        }

        return await db.ReadAsync(article.Id, ct);
    }
}
