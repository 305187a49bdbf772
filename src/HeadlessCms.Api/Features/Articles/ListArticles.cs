using System.Runtime.CompilerServices;
using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

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
    Caller Caller) : IQuery<ArticlePage>;

/// <summary>A page of articles: stored JSON from the read model (published) or items read afresh (drafts).</summary>
public sealed record ArticlePage(StoredPage? Stored, Page<ArticleListItem>? Items);

internal sealed class ListArticlesValidator : AbstractValidator<ListArticles>
{
    public static readonly string[] Statuses = ["published", "draft", "scheduled", "any"];

    public ListArticlesValidator()
    {
        RuleFor(x => x.Status).OneOf(Statuses)
            .WithMessage($"'status' must be one of: {string.Join(", ", Statuses)}.");
        RuleFor(x => x.Tag).IdOrSlug();
        RuleFor(x => x.Author).IdOrSlug();
        RuleFor(x => x.Limit).PageLimit();
        RuleFor(x => x.Cursor).ValidCursor(CursorKind.Timeline);
        RuleFor(x => x.PublishedBefore).GreaterThan(x => x.PublishedAfter)
            .When(x => x.PublishedAfter is not null && x.PublishedBefore is not null)
            .WithMessage("'publishedBefore' must be later than 'publishedAfter'.");
    }
}

internal sealed class ListArticlesHandler(CmsDbContext db) : IQueryHandler<ListArticles, ArticlePage>
{
    public const int DefaultLimit = 20;

    public async ValueTask<ArticlePage> Handle(ListArticles query, CancellationToken ct)
    {
        var status = query.Status ?? "published";
        query.Caller.Require(status == "published" || query.Caller.CanSeeDrafts, "listing drafts");

        Guid? tagId = query.Tag is null
            ? null
            : await db.Tags.WhereIdOrSlug(query.Tag).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("Tag", query.Tag);
        Guid? authorId = query.Author is null
            ? null
            : await db.Authors.WhereIdOrSlug(query.Author).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("Author", query.Author);
        var limit = query.Limit ?? DefaultLimit;

        return status == "published"
            ? new ArticlePage(await PublishedAsync(query, tagId, authorId, limit, ct), null)
            : new ArticlePage(null, await AnyStatusAsync(query, status, tagId, authorId, limit, ct));
    }

    /// <summary>Published articles come from the read model: index ranges over stored list items, no joins to build them.</summary>
    private async Task<StoredPage> PublishedAsync(ListArticles query, Guid? tagId, Guid? authorId, int limit, CancellationToken ct)
    {
        var from = query.PublishedAfter?.UtcDateTime;
        var to = query.PublishedBefore?.UtcDateTime;
        var hasCursor = Cursor.TryTimeline(query.Cursor, out var at, out var lastId);

        IQueryable<StoredItem> rows;
        if (tagId is { } tag)
        {
            var links = db.ArticleDocumentTags.Where(t => t.TagId == tag);
            if (from is not null) links = links.Where(t => t.ListedAt >= from);
            if (to is not null) links = links.Where(t => t.ListedAt < to);
            if (hasCursor) links = links.Where(t => t.ListedAt < at || (t.ListedAt == at && t.ArticleId.CompareTo(lastId) < 0));
            rows = from t in links
                   join d in db.ArticleDocuments on t.ArticleId equals d.ArticleId
                   where authorId == null || d.AuthorId == authorId
                   orderby t.ListedAt descending, t.ArticleId descending
                   select new StoredItem(t.ListedAt, t.ArticleId, d.ListJson);
        }
        else if (authorId is null && from is null && to is null)
        {
            var newest = NewestQueries.For(db);
            var newestRows = hasCursor ? newest.Before(db, at, lastId, limit + 1) : newest.First(db, limit + 1);
            return Page(await newestRows.ToListAsync(ct), limit, tagId, authorId);
        }
        else
        {
            var docs = db.ArticleDocuments.AsQueryable();
            if (authorId is not null) docs = docs.Where(d => d.AuthorId == authorId);
            if (from is not null) docs = docs.Where(d => d.ListedAt >= from);
            if (to is not null) docs = docs.Where(d => d.ListedAt < to);
            if (hasCursor) docs = docs.Where(d => d.ListedAt < at || (d.ListedAt == at && d.ArticleId.CompareTo(lastId) < 0));
            rows = docs.OrderByDescending(d => d.ListedAt).ThenByDescending(d => d.ArticleId)
                .Select(d => new StoredItem(d.ListedAt, d.ArticleId, d.ListJson));
        }

        return Page(await rows.Take(limit + 1).ToListAsync(ct), limit, tagId, authorId);
    }

    private static StoredPage Page(List<StoredItem> items, int limit, Guid? tagId, Guid? authorId)
    {
        var next = items.Count > limit ? Cursor.ForTimeline(items[limit - 1].ListedAt, items[limit - 1].ArticleId) : null;
        var keys = string.Join(' ', new[] { "articles", tagId is null ? null : $"tag-{tagId:N}", authorId is null ? null : $"author-{authorId:N}" }.OfType<string>());
        return Paging.Compose(items.Take(limit).Select(i => i.Json), next, keys);
    }

    /// <summary>
    /// The unfiltered list, the one every front page and feed reader asks for, as compiled queries: EF Core then skips
    /// looking up the translation and extracting parameters from the expression on each call. A compiled query runs
    /// against the model it was compiled for only, so there is one pair per model (tests run both engines in one process).
    /// </summary>
    private sealed class NewestQueries
    {
        private static readonly ConditionalWeakTable<IModel, NewestQueries> PerModel = new();

        public static NewestQueries For(CmsDbContext db) => PerModel.GetValue(db.Model, _ => new NewestQueries());

        public readonly Func<CmsDbContext, int, IAsyncEnumerable<StoredItem>> First = EF.CompileAsyncQuery(
            (CmsDbContext db, int take) => db.ArticleDocuments
                .OrderByDescending(d => d.ListedAt).ThenByDescending(d => d.ArticleId)
                .Select(d => new StoredItem(d.ListedAt, d.ArticleId, d.ListJson)).Take(take));

        public readonly Func<CmsDbContext, DateTime, Guid, int, IAsyncEnumerable<StoredItem>> Before = EF.CompileAsyncQuery(
            (CmsDbContext db, DateTime at, Guid lastId, int take) => db.ArticleDocuments
                .Where(d => d.ListedAt < at || (d.ListedAt == at && d.ArticleId.CompareTo(lastId) < 0))
                .OrderByDescending(d => d.ListedAt).ThenByDescending(d => d.ArticleId)
                .Select(d => new StoredItem(d.ListedAt, d.ArticleId, d.ListJson)).Take(take));
    }

    private async Task<Page<ArticleListItem>> AnyStatusAsync(ListArticles query, string status, Guid? tagId, Guid? authorId, int limit, CancellationToken ct)
    {
        var articles = db.Articles.AsNoTracking();
        articles = status switch
        {
            "draft" => articles.Where(a => a.Status == ArticleStatus.Draft),
            "scheduled" => articles.Where(a => a.Status == ArticleStatus.Scheduled),
            _ => articles,
        };

        if (tagId is not null)
        {
            articles = articles.Where(a => a.Tags.Any(t => t.TagId == tagId));
        }

        if (authorId is not null)
        {
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

        var items = await articles
            .OrderByDescending(a => a.ListedAt).ThenByDescending(a => a.Id)
            .Take(limit + 1)
            .SelectListItem()
            .ToListAsync(ct);

        if (items.Count <= limit)
        {
            return new Page<ArticleListItem>(items, null);
        }

        var last = items[limit - 1];
        var listedAt = Article.ListedAtFor(last.Status, last.PublishedAt, last.CreatedAt);
        return new Page<ArticleListItem>(items[..limit], Cursor.ForTimeline(listedAt, last.Id));
    }

    private sealed record StoredItem(DateTime ListedAt, Guid ArticleId, byte[] Json);
}
