using System.Text.Json;
using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using HeadlessCms.Api.Features.Articles;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Search;

/// <summary>
/// Ranked full-text search over articles, best first (ties newest first), a keyset page at a time. Anonymous callers
/// search published articles; editors may pass <c>status=any</c>. Combinable with the list filters.
/// </summary>
public sealed record SearchArticles(
    string? Q,
    string? Tag,
    string? Author,
    string? Status,
    DateTimeOffset? PublishedAfter,
    DateTimeOffset? PublishedBefore,
    int? Limit,
    string? Cursor,
    Caller Caller) : IQuery<Page<SearchHit>>;

/// <summary>An article's list item with its relevance and a passage that shows the match.</summary>
public sealed record SearchHit(
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
    int CommentCount,
    double Score,
    string Snippet)
{
    public static SearchHit From(ArticleListItem a, double score, string snippet) => new(
        a.Id, a.Slug, a.Title, a.Excerpt, a.HighlightCount, a.Author, a.Tags, a.Source, a.Status, a.PublishedAt, a.ScheduledAt,
        a.CreatedAt, a.UpdatedAt, a.ReadingTimeMinutes, a.CommentsEnabled, a.CommentCount, score, snippet);
}

internal sealed class SearchArticlesValidator : AbstractValidator<SearchArticles>
{
    public static readonly string[] Statuses = ["published", "any"];

    public SearchArticlesValidator()
    {
        RuleFor(x => x.Q).SearchText();
        RuleFor(x => x.Tag).IdOrSlug();
        RuleFor(x => x.Author).IdOrSlug();
        RuleFor(x => x.Status).OneOf(Statuses)
            .WithMessage($"'status' must be one of: {string.Join(", ", Statuses)}.");
        RuleFor(x => x.Limit).InclusiveBetween(1, SearchArticlesHandler.MaxLimit);
        RuleFor(x => x.Cursor).ValidCursor(CursorKind.Ranked);
        RuleFor(x => x.PublishedBefore).GreaterThan(x => x.PublishedAfter)
            .When(x => x.PublishedAfter is not null && x.PublishedBefore is not null)
            .WithMessage("'publishedBefore' must be later than 'publishedAfter'.");
    }
}

internal static class SearchTextRules
{
    /// <summary>The rules for a search box's text, shared by search and suggestions.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> SearchText<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(q => !string.IsNullOrWhiteSpace(q)).WithMessage("'q' is required: the words to search for.")
            .MaximumLength(SearchQuery.MaxLength).WithMessage($"'q' may be at most {SearchQuery.MaxLength} characters.")
            .Must(q => !q!.Any(char.IsControl)).WithMessage("'q' must not contain control characters (tabs and line breaks included).")
            .Custom((q, context) =>
            {
                if (SearchQuery.Parse(q!, out var error) is null)
                {
                    context.AddFailure(error!);
                }
            });
}

internal sealed class SearchArticlesHandler(CmsDbContext db, IOptions<JsonOptions> json, IOptions<SearchOptions> options) : IQueryHandler<SearchArticles, Page<SearchHit>>
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;

    public async ValueTask<Page<SearchHit>> Handle(SearchArticles request, CancellationToken ct)
    {
        var status = request.Status ?? "published";
        request.Caller.Require(status == "published" || request.Caller.CanSeeDrafts, "searching drafts");
        var query = SearchQuery.Parse(request.Q!, out _)!;

        Guid? tagId = request.Tag is null
            ? null
            : await db.Tags.WhereIdOrSlug(request.Tag).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("Tag", request.Tag);
        Guid? authorId = request.Author is null
            ? null
            : await db.Authors.WhereIdOrSlug(request.Author).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("Author", request.Author);

        var hits = await SearchEngine.MatchesAsync(db, query, ct);
        if (status == "published")
        {
            hits = hits.Where(h => h.Status == "published");
        }

        if (authorId is not null)
        {
            hits = hits.Where(h => h.AuthorId == authorId);
        }

        if (tagId is not null)
        {
            hits = hits.Where(h => db.ArticleTags.Any(t => t.ArticleId == h.ArticleId && t.TagId == tagId));
        }

        if (request.PublishedAfter is { } after)
        {
            var from = after.UtcDateTime;
            hits = hits.Where(h => h.PublishedAt >= from);
        }

        if (request.PublishedBefore is { } before)
        {
            var to = before.UtcDateTime;
            hits = hits.Where(h => h.PublishedAt < to);
        }

        // The most recently indexed matches that pass the filters, at most RankedMatches of them, are ranked; the
        // index hands them out newest first (FTS5 rowid order, a backward primary-key scan), so the cost does not grow
        // with the number of articles a common word appears in.
        hits = hits.OrderByDescending(h => h.Id).Take(options.Value.RankedMatches);
        if (Cursor.TryRanked(request.Cursor, out var score, out var at, out var lastId))
        {
            hits = hits.Where(h => h.Score < score
                || (h.Score == score && (h.ListedAt < at || (h.ListedAt == at && h.ArticleId.CompareTo(lastId) < 0))));
        }

        var limit = request.Limit ?? DefaultLimit;
        var page = await hits
            .OrderByDescending(h => h.Score).ThenByDescending(h => h.ListedAt).ThenByDescending(h => h.ArticleId)
            .Select(h => new { h.Id, h.ArticleId, h.ListedAt, h.Score })
            .Take(limit + 1)
            .ToListAsync(ct);

        var shown = page.Take(limit).ToList();
        var ids = shown.Select(h => h.ArticleId).ToList();
        var items = await ListItemsAsync(ids, status == "published", ct);
        var rowIds = shown.Select(h => h.Id).ToList();
        var texts = await db.ArticleSearch.AsNoTracking().Where(s => rowIds.Contains(s.Id))
            .Select(s => new { s.ArticleId, s.Excerpt, s.Body }).ToDictionaryAsync(s => s.ArticleId, ct);

        var result = shown
            .Where(h => items.ContainsKey(h.ArticleId) && texts.ContainsKey(h.ArticleId))
            .Select(h => SearchHit.From(items[h.ArticleId], h.Score, SearchSnippet.For(query, texts[h.ArticleId].Body, texts[h.ArticleId].Excerpt)))
            .ToList();
        var next = page.Count > limit
            ? Cursor.ForRanked(shown[^1].Score, DateTime.SpecifyKind(shown[^1].ListedAt, DateTimeKind.Utc), shown[^1].ArticleId)
            : null;
        return new Page<SearchHit>(result, next);
    }

    /// <summary>Published articles' list items come from the read model, as the lists' do; other statuses are read afresh.</summary>
    private async Task<Dictionary<Guid, ArticleListItem>> ListItemsAsync(List<Guid> ids, bool publishedOnly, CancellationToken ct)
    {
        if (publishedOnly)
        {
            var stored = await db.ArticleDocuments.Where(d => ids.Contains(d.ArticleId)).Select(d => new { d.ArticleId, d.ListJson }).ToListAsync(ct);
            return stored.ToDictionary(d => d.ArticleId, d => JsonSerializer.Deserialize<ArticleListItem>(d.ListJson, json.Value.SerializerOptions)!);
        }

        return await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id)).SelectListItem().ToDictionaryAsync(a => a.Id, ct);
    }
}
