using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Comments;

/// <summary>The moderation queue: comments in one status (pending by default), newest first, optionally for one article.</summary>
public sealed record ListCommentQueue(string? Status, string? Article, int? Limit, string? Cursor) : IQuery<Page<ModeratedComment>>;

internal sealed class ListCommentQueueValidator : AbstractValidator<ListCommentQueue>
{
    public static readonly string[] Statuses = ["pending", "approved", "rejected", "spam"];

    public ListCommentQueueValidator()
    {
        RuleFor(x => x.Status).OneOf(Statuses)
            .WithMessage($"'status' must be one of: {string.Join(", ", Statuses)}.");
        RuleFor(x => x.Article).IdOrSlug();
        RuleFor(x => x.Limit).PageLimit();
        RuleFor(x => x.Cursor).ValidCursor(CursorKind.Timeline);
    }
}

internal sealed class ListCommentQueueHandler(CmsDbContext db) : IQueryHandler<ListCommentQueue, Page<ModeratedComment>>
{
    public const int DefaultLimit = 50;

    public async ValueTask<Page<ModeratedComment>> Handle(ListCommentQueue query, CancellationToken ct)
    {
        var status = Enum.Parse<CommentStatus>(query.Status ?? "pending", ignoreCase: true);
        var comments = db.Comments.AsNoTracking().Where(c => c.Status == status);
        if (query.Article is not null)
        {
            var articleId = await db.Articles.WhereIdOrSlug(query.Article).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException("Article", query.Article);
            comments = comments.Where(c => c.ArticleId == articleId);
        }

        if (Cursor.TryTimeline(query.Cursor, out var at, out var lastId))
        {
            comments = comments.Where(c => c.CreatedAt < at || (c.CreatedAt == at && c.Id.CompareTo(lastId) < 0));
        }

        var limit = query.Limit ?? DefaultLimit;
        var items = await comments.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(limit + 1)
            .Select(CommentProjections.Moderated).ToListAsync(ct);
        return items.Count > limit
            ? new Page<ModeratedComment>(items[..limit], Cursor.ForTimeline(items[limit - 1].CreatedAt, items[limit - 1].Id))
            : new Page<ModeratedComment>(items, null);
    }
}
