using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Comments;

/// <summary>
/// An article's approved comments as threads: a keyset page of top-level comments, oldest first, each with all its
/// replies nested (oldest first too). New comments only ever append, so a page never repeats or skips one.
/// </summary>
public sealed record ListArticleComments(string IdOrSlug, int? Limit, string? Cursor, Caller Caller) : IQuery<CommentThreadPage>;

internal sealed class ListArticleCommentsValidator : AbstractValidator<ListArticleComments>
{
    public ListArticleCommentsValidator()
    {
        RuleFor(x => x.Limit).PageLimit();
        RuleFor(x => x.Cursor).ValidCursor(CursorKind.Timeline);
    }
}

internal sealed class ListArticleCommentsHandler(CmsDbContext db) : IQueryHandler<ListArticleComments, CommentThreadPage>
{
    public const int DefaultLimit = 20;

    private sealed record Row(
        Guid Id, Guid? ParentId, CommentStatus Status, string AuthorName, string? AuthorUrl, string Body, string BodyHtml,
        DateTime CreatedAt, int Likes, bool Staff, Guid? StaffKeyId, int Version);

    public async ValueTask<CommentThreadPage> Handle(ListArticleComments query, CancellationToken ct)
    {
        var article = await CommentStore.FindArticleAsync(db, query.IdOrSlug, query.Caller, ct);
        var comments = db.Comments.AsNoTracking();

        // A thread is listed when anything in it is approved, even if its first comment no longer is.
        var roots = comments.Where(c => c.ArticleId == article.Id && c.Depth == 1
            && (c.Status == CommentStatus.Approved || comments.Any(r => r.ThreadId == c.Id && r.Status == CommentStatus.Approved)));
        if (Cursor.TryTimeline(query.Cursor, out var at, out var lastId))
        {
            roots = roots.Where(c => c.CreatedAt > at || (c.CreatedAt == at && c.Id.CompareTo(lastId) > 0));
        }

        var limit = query.Limit ?? DefaultLimit;
        var page = await Rows(roots.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Take(limit + 1)).ToListAsync(ct);
        string? next = null;
        if (page.Count > limit)
        {
            page = page[..limit];
            next = Cursor.ForTimeline(page[^1].CreatedAt, page[^1].Id);
        }

        var threadIds = page.Select(r => r.Id).ToList();
        var rows = page.Concat(await Rows(comments
                .Where(c => threadIds.Contains(c.ThreadId) && c.Depth > 1 && c.Status == CommentStatus.Approved)
                .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id))
            .ToListAsync(ct)).ToList();
        await AddMissingParentsAsync(rows, ct);

        var stats = await StaffStatistics.ForKeysAsync(db, rows.Where(r => r.Staff).Select(r => r.StaffKeyId!.Value).Distinct().ToList(), ct);
        var children = rows.Where(r => r.ParentId is not null).ToLookup(r => r.ParentId!.Value);
        return new CommentThreadPage([.. page.Select(r => Node(r, children, stats))], next, article.CommentCount);
    }

    private static IQueryable<Row> Rows(IQueryable<Comment> comments) => comments.Select(c => new Row(
        c.Id, c.ParentId, c.Status, c.AuthorName, c.AuthorUrl, c.Body, c.BodyHtml, c.CreatedAt, c.Likes, c.Staff, c.StaffKeyId, c.Version));

    /// <summary>Approved replies whose parent is not approved still show, under a placeholder for that parent.</summary>
    private async Task AddMissingParentsAsync(List<Row> rows, CancellationToken ct)
    {
        var known = rows.Select(r => r.Id).ToHashSet();
        var missing = rows.Where(r => r.ParentId is { } p && !known.Contains(p)).Select(r => r.ParentId!.Value).Distinct().ToList();
        while (missing.Count > 0)
        {
            var parents = await Rows(db.Comments.AsNoTracking().Where(c => missing.Contains(c.Id))).ToListAsync(ct);
            rows.AddRange(parents);
            known.UnionWith(parents.Select(p => p.Id));
            missing = [.. parents.Where(r => r.ParentId is { } p && !known.Contains(p)).Select(r => r.ParentId!.Value).Distinct()];
        }
    }

    private static CommentResponse Node(Row row, ILookup<Guid, Row> children, IReadOnlyDictionary<Guid, StaffStats> stats)
    {
        var replies = children[row.Id].OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Select(r => Node(r, children, stats)).ToList();
        if (row.Status != CommentStatus.Approved)
        {
            return new CommentResponse(row.Id, row.ParentId, true, null, null, null, null, row.CreatedAt, 0, false, null, row.Version, replies);
        }

        var staffStats = row.Staff && stats.TryGetValue(row.StaffKeyId!.Value, out var s) ? s : null;
        return new CommentResponse(row.Id, row.ParentId, false, row.AuthorName, row.AuthorUrl, row.Body, row.BodyHtml,
            row.CreatedAt, row.Likes, row.Staff, staffStats, row.Version, replies);
    }
}
