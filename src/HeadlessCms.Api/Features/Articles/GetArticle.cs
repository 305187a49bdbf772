using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>One article by id or slug; an old slug answers with a redirect. Drafts exist only for callers who may see them.</summary>
public sealed record GetArticle(string IdOrSlug, Caller Caller) : IQuery<Found<ArticleResponse>>;

internal sealed class GetArticleHandler(CmsDbContext db) : IQueryHandler<GetArticle, Found<ArticleResponse>>
{
    // Published articles come from the read model: one indexed row, sent as stored. Everything else
    // (drafts for editors, old slugs, misses) takes the full path. (No EF compiled query here: it binds to the
    // first provider that runs it, and the tests run both engines in one process.)
    public async ValueTask<Found<ArticleResponse>> Handle(GetArticle query, CancellationToken ct)
    {
        var documents = db.ArticleDocuments.AsNoTracking();
        var slug = query.IdOrSlug.ToLowerInvariant();
        var stored = await (Guid.TryParse(query.IdOrSlug, out var id) ? documents.Where(d => d.ArticleId == id) : documents.Where(d => d.Slug == slug))
            .Select(d => new StoredDocument(d.Json, d.ETag, d.SurrogateKeys))
            .FirstOrDefaultAsync(ct);
        return stored is null
            ? await db.FindAsync(query.IdOrSlug, query.Caller, ct)
            : Found<ArticleResponse>.Stored(new PreSerializedJson(stored.Json, stored.ETag, stored.SurrogateKeys));
    }
}

internal sealed record StoredDocument(byte[] Json, string ETag, string SurrogateKeys);
