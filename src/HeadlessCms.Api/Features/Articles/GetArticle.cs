using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>One article by id or slug; an old slug answers with a redirect. Drafts exist only for callers who may see them.</summary>
public sealed record GetArticle(string IdOrSlug, Caller Caller) : IQuery<Found<ArticleResponse>>;

internal sealed class GetArticleHandler(CmsDbContext db) : IQueryHandler<GetArticle, Found<ArticleResponse>>
{
    public async ValueTask<Found<ArticleResponse>> Handle(GetArticle query, CancellationToken ct) =>
        await db.FindAsync(query.IdOrSlug, query.Caller, ct);
}
