using System.Collections.Concurrent;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>One article by id or slug; an old slug answers with a redirect. Drafts exist only for callers who may see them.</summary>
public sealed record GetArticle(string IdOrSlug, Caller Caller) : IQuery<Found<ArticleResponse>>;

internal sealed class GetArticleHandler(CmsDbContext db) : IQueryHandler<GetArticle, Found<ArticleResponse>>
{
    // Published articles come from the read model: one indexed row, sent as stored. Everything else (drafts for
    // editors, old slugs, misses) takes the full path. Compiled once per provider: a compiled query binds to the
    // provider that first runs it, and one process may run both (the tests do).
    private static readonly ConcurrentDictionary<string, Func<CmsDbContext, string, Task<StoredDocument?>>> BySlug = new();
    private static readonly ConcurrentDictionary<string, Func<CmsDbContext, Guid, Task<StoredDocument?>>> ById = new();

    private static Func<CmsDbContext, string, Task<StoredDocument?>> CompileBySlug(string provider) => EF.CompileAsyncQuery(
        (CmsDbContext db, string slug) => db.ArticleDocuments.AsNoTracking().Where(d => d.Slug == slug)
            .Select(d => new StoredDocument(d.Json, d.ETag, d.SurrogateKeys)).FirstOrDefault());

    private static Func<CmsDbContext, Guid, Task<StoredDocument?>> CompileById(string provider) => EF.CompileAsyncQuery(
        (CmsDbContext db, Guid id) => db.ArticleDocuments.AsNoTracking().Where(d => d.ArticleId == id)
            .Select(d => new StoredDocument(d.Json, d.ETag, d.SurrogateKeys)).FirstOrDefault());

    public async ValueTask<Found<ArticleResponse>> Handle(GetArticle query, CancellationToken ct)
    {
        var provider = db.Database.ProviderName ?? "";
        var stored = Guid.TryParse(query.IdOrSlug, out var id)
            ? await ById.GetOrAdd(provider, CompileById)(db, id)
            : await BySlug.GetOrAdd(provider, CompileBySlug)(db, query.IdOrSlug.ToLowerInvariant());
        return stored is null
            ? await db.FindAsync(query.IdOrSlug, query.Caller, ct)
            : Found<ArticleResponse>.Stored(new PreSerializedJson(stored.Json, stored.ETag, stored.SurrogateKeys));
    }
}

internal sealed record StoredDocument(byte[] Json, string ETag, string SurrogateKeys);
