using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using HeadlessCms.Api.Data;

namespace HeadlessCms.Api.Features.Articles;

public sealed record AuthorSummary(Guid Id, string Slug, string Name);

public sealed record TagSummary(Guid Id, string Slug, string Name);

public sealed record SourceAttributionDto(string Name, string? Url, DateOnly? PublishedOn);

public sealed record ArticleResponse(
    Guid Id,
    string Slug,
    string Title,
    string? Excerpt,
    string Body,
    string BodyHtml,
    IReadOnlyList<string> Highlights,
    AuthorSummary Author,
    IReadOnlyList<TagSummary> Tags,
    SourceAttributionDto? Source,
    ArticleStatus Status,
    DateTime? PublishedAt,
    DateTime? ScheduledAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int ReadingTimeMinutes,
    bool CommentsEnabled,
    int CommentCount,
    int Version) : Common.Http.IVersionedResponse;

/// <summary>An article in a list: everything but the body, so a page of 100 stays small.</summary>
public sealed record ArticleListItem(
    Guid Id,
    string Slug,
    string Title,
    string? Excerpt,
    int HighlightCount,
    AuthorSummary Author,
    IReadOnlyList<TagSummary> Tags,
    SourceAttributionDto? Source,
    ArticleStatus Status,
    DateTime? PublishedAt,
    DateTime? ScheduledAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int ReadingTimeMinutes,
    bool CommentsEnabled,
    int CommentCount);

/// <summary>
/// Articles as responses, read with their tags in a second query. In one query the tags are a LEFT JOIN to a join
/// subquery, which SQLite cannot flatten: it materializes every article's tags (all of ArticleTags) to read one
/// article's, so a write's read-back cost grew with the archive (7 ms at 2,000 articles). Split, the tags are an
/// indexed lookup; PostgreSQL pays one more round trip.
/// </summary>
public static class ArticleProjections
{
    public static IQueryable<ArticleResponse> SelectFull(this IQueryable<Article> articles) => articles.AsSplitQuery().Select(Full);

    public static IQueryable<ArticleListItem> SelectListItem(this IQueryable<Article> articles) => articles.AsSplitQuery().Select(ListItem);

    private static readonly Expression<Func<Article, ArticleResponse>> Full = a => new ArticleResponse(
        a.Id,
        a.Slug,
        a.Title,
        a.Excerpt,
        a.Body,
        a.BodyHtml,
        a.Highlights,
        new AuthorSummary(a.Author.Id, a.Author.Slug, a.Author.Name),
        a.Tags.OrderBy(t => t.Position).Select(t => new TagSummary(t.Tag.Id, t.Tag.Slug, t.Tag.Name)).ToList(),
        a.Source == null ? null : new SourceAttributionDto(a.Source.Name, a.Source.Url, a.Source.PublishedOn),
        a.Status,
        a.PublishedAt,
        a.ScheduledAt,
        a.CreatedAt,
        a.UpdatedAt,
        a.ReadingTimeMinutes,
        a.CommentsEnabled,
        a.CommentCount,
        a.Version);

    private static readonly Expression<Func<Article, ArticleListItem>> ListItem = a => new ArticleListItem(
        a.Id,
        a.Slug,
        a.Title,
        a.Excerpt,
        a.Highlights.Count,
        new AuthorSummary(a.Author.Id, a.Author.Slug, a.Author.Name),
        a.Tags.OrderBy(t => t.Position).Select(t => new TagSummary(t.Tag.Id, t.Tag.Slug, t.Tag.Name)).ToList(),
        a.Source == null ? null : new SourceAttributionDto(a.Source.Name, a.Source.Url, a.Source.PublishedOn),
        a.Status,
        a.PublishedAt,
        a.ScheduledAt,
        a.CreatedAt,
        a.UpdatedAt,
        a.ReadingTimeMinutes,
        a.CommentsEnabled,
        a.CommentCount);
}

public static class ArticleQueries
{
    /// <summary>Drafts exist only for callers who may see them; everyone else gets a 404 as if they did not.</summary>
    public static IQueryable<Article> VisibleTo(this IQueryable<Article> articles, Common.Security.Caller caller) =>
        caller.CanSeeDrafts ? articles : articles.Where(a => a.Status == ArticleStatus.Published);

    /// <summary>
    /// Finds an article for reading: by id or slug, else through an old slug's redirect. Drafts and scheduled
    /// articles stay invisible (404, never a redirect) to callers who may not see them.
    /// </summary>
    public static async Task<Common.Http.Found<ArticleResponse>> FindAsync(this CmsDbContext db, string idOrSlug, Common.Security.Caller caller, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().Where(Common.Persistence.Lookup.IdOrSlug<Article>(idOrSlug)).VisibleTo(caller)
            .SelectFull().SingleOrDefaultAsync(ct);
        if (article is not null)
        {
            return Common.Http.Found<ArticleResponse>.At(article);
        }

        var movedTo = await Common.Persistence.SlugHistory.FindAsync<Article>(db, idOrSlug, ct);
        var slug = movedTo is null
            ? null
            : await db.Articles.AsNoTracking().Where(a => a.Id == movedTo).VisibleTo(caller).Select(a => a.Slug).SingleOrDefaultAsync(ct);
        return slug is null
            ? throw new Common.Http.NotFoundException("Article", idOrSlug)
            : Common.Http.Found<ArticleResponse>.Moved($"/api/v1/articles/{slug}");
    }

    /// <summary>Loads an article to change it, with its tags, after checking the client's If-Match.</summary>
    public static async Task<Article> LoadForWriteAsync(this CmsDbContext db, string idOrSlug, Common.Http.IfMatch ifMatch, bool requireIfMatch, CancellationToken ct)
    {
        var article = await db.Articles.Include(a => a.Tags).Where(Common.Persistence.Lookup.IdOrSlug<Article>(idOrSlug)).SingleOrDefaultAsync(ct)
            ?? throw new Common.Http.NotFoundException("Article", idOrSlug);
        ifMatch.Verify("article", article.Version, requireIfMatch);
        return article;
    }

    /// <summary>The response for an article just written: read back through the same projection readers get.</summary>
    public static Task<ArticleResponse> ReadAsync(this CmsDbContext db, Guid id, CancellationToken ct) =>
        db.Articles.AsNoTracking().Where(a => a.Id == id).SelectFull().SingleAsync(ct);
}
