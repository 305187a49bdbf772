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
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int ReadingTimeMinutes);

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
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int ReadingTimeMinutes);

public static class ArticleProjections
{
    public static readonly Expression<Func<Article, ArticleResponse>> Full = a => new ArticleResponse(
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
        a.CreatedAt,
        a.UpdatedAt,
        a.ReadingTimeMinutes);

    public static readonly Expression<Func<Article, ArticleListItem>> ListItem = a => new ArticleListItem(
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
        a.CreatedAt,
        a.UpdatedAt,
        a.ReadingTimeMinutes);
}

public static class ArticleQueries
{
    /// <summary>Drafts exist only for callers who may see them; everyone else gets a 404 as if they did not.</summary>
    public static IQueryable<Article> VisibleTo(this IQueryable<Article> articles, Common.Caller caller) =>
        caller.CanSeeDrafts ? articles : articles.Where(a => a.Status == ArticleStatus.Published);

    /// <summary>The response for an article just written: read back through the same projection readers get.</summary>
    public static Task<ArticleResponse> ReadAsync(this CmsDbContext db, Guid id, CancellationToken ct) =>
        db.Articles.AsNoTracking().Where(a => a.Id == id).Select(ArticleProjections.Full).SingleAsync(ct);
}
