using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>One article by id or slug. Drafts exist only for callers who may see them.</summary>
public sealed record GetArticle(string IdOrSlug, Caller Caller) : IQuery<ArticleResponse>;

internal sealed class GetArticleHandler(CmsDbContext db) : IQueryHandler<GetArticle, ArticleResponse>
{
    public async ValueTask<ArticleResponse> Handle(GetArticle query, CancellationToken ct)
    {
        return await db.Articles.AsNoTracking().WhereIdOrSlug(query.IdOrSlug).VisibleTo(query.Caller).Select(ArticleProjections.Full).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Article", query.IdOrSlug);
    }
}
