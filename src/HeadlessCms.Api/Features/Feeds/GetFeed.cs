using System.Text.Json;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Data;
using HeadlessCms.Api.Features.Articles;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Feeds;

public enum FeedScope
{
    Site,
    Tag,
    Author,
}

/// <summary>
/// A feed of the newest published articles: site-wide, of one tag or of one author (by id or slug), in one of the
/// formats. Only the read model is read, which holds published articles alone: a draft, a scheduled or an
/// unpublished article cannot appear.
/// </summary>
public sealed record GetFeed(FeedScope Scope, string? IdOrSlug, FeedFormat Format, string SelfPath) : IQuery<PreSerializedJson>;

/// <summary>What a feed shows, before it is written in a format.</summary>
public sealed record FeedContent(string Title, string Description, string SelfPath, string? ScopeName, IReadOnlyList<ArticleResponse> Articles);

internal sealed class GetFeedHandler(CmsDbContext db, FeedWriter writer, IOptions<FeedOptions> options, IOptions<JsonOptions> json, IOptions<SiteOptions> site, TimeProvider clock)
    : IQueryHandler<GetFeed, PreSerializedJson>
{
    /// <summary>
    /// A write sets ContentState.ChangedAt under the generation's row lock and commits moments later. Last-Modified has
    /// whole seconds, so a second may only be handed out once no write can still commit a change stamped inside it:
    /// until then the feed carries its ETag alone (which If-None-Match compares exactly).
    /// </summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5);

    public async ValueTask<PreSerializedJson> Handle(GetFeed query, CancellationToken ct)
    {
        // Read before the articles: a change committing in between then makes the body newer than its Last-Modified,
        // never older (a client would be told 304 for a body it does not have).
        var lastModified = await LastModifiedAsync(ct);
        var documents = db.ArticleDocuments.AsNoTracking();
        string? scopeName = null;
        var keys = new List<string> { "articles", "feeds" };
        switch (query.Scope)
        {
            case FeedScope.Tag:
                var tag = await db.Tags.AsNoTracking().WhereIdOrSlug(query.IdOrSlug!).Select(t => new { t.Id, t.Name }).SingleOrDefaultAsync(ct)
                    ?? throw new NotFoundException("Tag", query.IdOrSlug!);
                documents = from d in documents
                            join t in db.ArticleDocumentTags on d.ArticleId equals t.ArticleId
                            where t.TagId == tag.Id
                            select d;
                scopeName = tag.Name;
                keys.Add($"tag-{tag.Id:N}");
                break;
            case FeedScope.Author:
                var author = await db.Authors.AsNoTracking().WhereIdOrSlug(query.IdOrSlug!).Select(a => new { a.Id, a.Name }).SingleOrDefaultAsync(ct)
                    ?? throw new NotFoundException("Author", query.IdOrSlug!);
                documents = documents.Where(d => d.AuthorId == author.Id);
                scopeName = author.Name;
                keys.Add($"author-{author.Id:N}");
                break;
        }

        var stored = await documents.OrderByDescending(d => d.ListedAt).ThenByDescending(d => d.ArticleId)
            .Take(options.Value.Items).Select(d => d.Json).ToListAsync(ct);
        var serializer = json.Value.SerializerOptions;
        var articles = stored.Select(bytes => JsonSerializer.Deserialize<ArticleResponse>(bytes, serializer)!).ToList();

        var title = scopeName is null ? site.Value.Title : $"{site.Value.Title}: {scopeName}";
        var content = new FeedContent(title, site.Value.Description, query.SelfPath, scopeName, articles);
        var body = writer.Write(content, query.Format);
        return new PreSerializedJson(body, Etags.For(0, body), string.Join(' ', keys), FeedWriter.ContentType(query.Format), lastModified);
    }

    /// <summary>When content last changed, once that second is settled (see <see cref="SettleTime"/>); else null.</summary>
    private async Task<DateTimeOffset?> LastModifiedAsync(CancellationToken ct)
    {
        var changedAt = await db.ContentStates.AsNoTracking().Where(s => s.Id == 1).Select(s => (DateTime?)s.ChangedAt).SingleOrDefaultAsync(ct);
        if (changedAt is not { } at)
        {
            return null;
        }

        var second = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).ToUnixTimeSeconds();
        return clock.GetUtcNow().ToUnixTimeSeconds() >= second + 1 + (long)SettleTime.TotalSeconds
            ? DateTimeOffset.FromUnixTimeSeconds(second)
            : null;
    }
}
