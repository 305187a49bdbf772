using System.Text.Json;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Data;
using HeadlessCms.Api.Features.Articles;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Syndication;

/// <summary>One published article as ninjs, by id or slug; an old slug redirects. Drafts do not exist here, for any caller.</summary>
public sealed record GetNinjs(string IdOrSlug) : IQuery<NinjsResult>;

/// <summary>The ninjs document, or where an old slug now leads.</summary>
public sealed record NinjsResult(PreSerializedJson? Document, string? MovedTo);

internal sealed class GetNinjsHandler(CmsDbContext db, NinjsMapper mapper, IOptions<JsonOptions> json) : IQueryHandler<GetNinjs, NinjsResult>
{
    public async ValueTask<NinjsResult> Handle(GetNinjs query, CancellationToken ct)
    {
        var documents = db.ArticleDocuments.AsNoTracking();
        var stored = Guid.TryParse(query.IdOrSlug, out var id)
            ? await documents.Where(d => d.ArticleId == id).Select(d => new { d.Json, d.SurrogateKeys }).SingleOrDefaultAsync(ct)
            : await documents.Where(d => d.Slug == query.IdOrSlug.ToLowerInvariant()).Select(d => new { d.Json, d.SurrogateKeys }).SingleOrDefaultAsync(ct);
        if (stored is not null)
        {
            var article = JsonSerializer.Deserialize<ArticleResponse>(stored.Json, json.Value.SerializerOptions)!;
            var body = mapper.Serialize(article);
            return new NinjsResult(new PreSerializedJson(body, Etags.For(article.Version, body), stored.SurrogateKeys), null);
        }

        var movedTo = await SlugHistory.FindAsync<Article>(db, query.IdOrSlug, ct);
        var slug = movedTo is null ? null : await documents.Where(d => d.ArticleId == movedTo).Select(d => d.Slug).SingleOrDefaultAsync(ct);
        return slug is null
            ? throw new NotFoundException("Article", query.IdOrSlug)
            : new NinjsResult(null, $"/api/v1/syndication/ninjs/{slug}");
    }
}
