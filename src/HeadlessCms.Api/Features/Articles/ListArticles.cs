using FluentValidation;
using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>
/// Articles newest first, a keyset page at a time. Anonymous callers see published articles only;
/// editors may ask for drafts (<c>status=draft</c>) or everything (<c>status=any</c>).
/// </summary>
public sealed record ListArticles(
    string? Tag,
    string? Author,
    string? Status,
    DateTimeOffset? PublishedAfter,
    DateTimeOffset? PublishedBefore,
    int? Limit,
    string? Cursor,
    Caller Caller) : IQuery<Page<ArticleListItem>>;

internal sealed class ListArticlesValidator : AbstractValidator<ListArticles>
{
    public static readonly string[] Statuses = ["published", "draft", "scheduled", "any"];

    public ListArticlesValidator()
    {
        RuleFor(x => x.Status).Must(s => s is null || Statuses.Contains(s))
            .WithMessage($"'status' must be one of: {string.Join(", ", Statuses)}.");
        RuleFor(x => x.Limit).PageLimit();
        RuleFor(x => x.Cursor).ValidCursor(CursorKind.Timeline);
        RuleFor(x => x.PublishedBefore).GreaterThan(x => x.PublishedAfter)
            .When(x => x.PublishedAfter is not null && x.PublishedBefore is not null)
            .WithMessage("'publishedBefore' must be later than 'publishedAfter'.");
    }
}

internal sealed class ListArticlesHandler(CmsDbContext db) : IQueryHandler<ListArticles, Page<ArticleListItem>>
{
    public const int DefaultLimit = 20;

    public async ValueTask<Page<ArticleListItem>> Handle(ListArticles query, CancellationToken ct)
    {
        var status = query.Status ?? "published";
        query.Caller.Require(status == "published" || query.Caller.CanSeeDrafts, "listing drafts");

        var articles = db.Articles.AsNoTracking();
        articles = status switch
        {
            "draft" => articles.Where(a => a.Status == ArticleStatus.Draft),
            "scheduled" => articles.Where(a => a.Status == ArticleStatus.Scheduled),
            "any" => articles,
            _ => articles.Where(a => a.Status == ArticleStatus.Published),
        };

        if (query.Tag is not null)
        {
            var tagId = await db.Tags.WhereIdOrSlug(query.Tag).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException("Tag", query.Tag);
            articles = articles.Where(a => a.Tags.Any(t => t.TagId == tagId));
        }

        if (query.Author is not null)
        {
            var authorId = await db.Authors.WhereIdOrSlug(query.Author).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException("Author", query.Author);
            articles = articles.Where(a => a.AuthorId == authorId);
        }

        if (query.PublishedAfter is { } after)
        {
            var from = after.UtcDateTime;
            articles = articles.Where(a => a.PublishedAt >= from);
        }

        if (query.PublishedBefore is { } before)
        {
            var to = before.UtcDateTime;
            articles = articles.Where(a => a.PublishedAt < to);
        }

        if (Cursor.TryTimeline(query.Cursor, out var at, out var lastId))
        {
            articles = articles.Where(a => a.ListedAt < at || (a.ListedAt == at && a.Id.CompareTo(lastId) < 0));
        }

        var limit = query.Limit ?? DefaultLimit;
        var items = await articles
            .OrderByDescending(a => a.ListedAt).ThenByDescending(a => a.Id)
            .Take(limit + 1)
            .Select(ArticleProjections.ListItem)
            .ToListAsync(ct);

        if (items.Count <= limit)
        {
            return new Page<ArticleListItem>(items, null);
        }

        var last = items[limit - 1];
        var listedAt = Article.ListedAtFor(last.Status, last.PublishedAt, last.CreatedAt);
        return new Page<ArticleListItem>(items[..limit], Cursor.ForTimeline(listedAt, last.Id));
    }
}
