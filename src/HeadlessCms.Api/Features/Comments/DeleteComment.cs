using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Comments;

/// <summary>
/// Deletes a comment with its replies and their likes (a reply without its context is not worth keeping), and takes the
/// approved ones among them off the article's count in the same transaction.
/// </summary>
public sealed record DeleteComment(Guid Id, IfMatch IfMatch, Caller Caller) : ICommand;

internal sealed class DeleteCommentHandler(CmsDbContext db, TimeProvider clock) : ICommandHandler<DeleteComment>
{
    public async ValueTask<Unit> Handle(DeleteComment command, CancellationToken ct)
    {
        var comment = await db.Comments.AsNoTracking().Where(c => c.Id == command.Id).Select(c => new { c.ArticleId, c.Version })
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException("Comment", command.Id.ToString());
        command.IfMatch.Verify("comment", comment.Version, required: false);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // Lock the article row first, like every change to its count: the approved replies counted below cannot change
        // before this transaction ends.
        await CommentStore.AddToCountAsync(db, comment.ArticleId, 0, ct);
        var subtree = await SubtreeAsync(command.Id, ct);
        var approved = await db.Comments.CountAsync(c => subtree.Contains(c.Id) && c.Status == CommentStatus.Approved, ct);

        // The database cascades to the replies and likes.
        var deleted = await db.Comments.Where(c => c.Id == command.Id && (!command.IfMatch.Present || c.Version == comment.Version))
            .ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            var current = await db.Comments.Where(c => c.Id == command.Id).Select(c => (int?)c.Version).SingleOrDefaultAsync(ct);
            throw current is { } version
                ? new PreconditionFailedException("comment", version)
                : new NotFoundException("Comment", command.Id.ToString());
        }

        await CommentStore.AddToCountAsync(db, comment.ArticleId, -approved, ct);
        db.Record(command.Caller, "delete-comment", "comment", command.Id, null, clock.GetUtcNow().UtcDateTime);
        db.AuditEntries.Local.Last().Version = comment.Version;
        await CommentStore.SaveCountedAsync(db, comment.ArticleId, transaction, ct);
        return Unit.Value;
    }

    /// <summary>The comment and every reply below it, level by level (at most the maximum depth of levels).</summary>
    private async Task<List<Guid>> SubtreeAsync(Guid id, CancellationToken ct)
    {
        var all = new List<Guid> { id };
        List<Guid> level = [id];
        while (level.Count > 0)
        {
            var parents = level;
            level = await db.Comments.Where(c => c.ParentId != null && parents.Contains(c.ParentId.Value)).Select(c => c.Id).ToListAsync(ct);
            all.AddRange(level);
        }

        return all;
    }
}
