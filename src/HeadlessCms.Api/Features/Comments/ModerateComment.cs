using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;
using HeadlessCms.Api.Features.Webhooks;

namespace HeadlessCms.Api.Features.Comments;

public enum ModerationAction
{
    Approve,
    Reject,
    Spam,
    Delete,
}

/// <summary>
/// Approves, rejects or marks a comment as spam, moving the article's approved count with it in one transaction.
/// A comment already in that state is left alone (no new version, no audit entry).
/// </summary>
public sealed record ModerateComment(Guid Id, ModerationAction Action, IfMatch IfMatch, Caller Caller) : ICommand<ModeratedComment>;

internal sealed class ModerateCommentHandler(CmsDbContext db, TimeProvider clock) : ICommandHandler<ModerateComment, ModeratedComment>
{
    private const int MaxAttempts = 5;

    public async ValueTask<ModeratedComment> Handle(ModerateComment command, CancellationToken ct)
    {
        var target = command.Action switch
        {
            ModerationAction.Approve => CommentStatus.Approved,
            ModerationAction.Reject => CommentStatus.Rejected,
            ModerationAction.Spam => CommentStatus.Spam,
            _ => throw new ArgumentOutOfRangeException(nameof(command), "Deleting is DeleteComment."),
        };

        for (var attempt = 1; ; attempt++)
        {
            var comment = await db.Comments.SingleOrDefaultAsync(c => c.Id == command.Id, ct)
                ?? throw new NotFoundException("Comment", command.Id.ToString());
            command.IfMatch.Verify("comment", comment.Version, required: false);
            if (comment.Status == target)
            {
                break;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var delta = CommentStore.ApprovedDelta(comment.Status, target);
            comment.Status = target;
            comment.SpamReason = target == CommentStatus.Spam ? "moderator" : null;
            comment.ModeratedAt = now;
            comment.ModeratedBy = command.Caller.KeyName;
            db.Record(command.Caller, $"{command.Action.ToString().ToLowerInvariant()}-comment", "comment", comment.Id, null, now);
            if (target == CommentStatus.Approved)
            {
                db.Raise(WebhookEvents.CommentApproved, comment.Id, null, comment);
            }

            try
            {
                await CommentStore.SaveWithCountAsync(db, comment.ArticleId, delta, ct);
                break;
            }
            catch (DbUpdateConcurrencyException) when (!command.IfMatch.Present && attempt < MaxAttempts)
            {
                // Another moderator changed it first. Without If-Match the caller asked for an end state, not a change
                // from a version: look again (it may already be there).
                db.ChangeTracker.Clear();
            }
        }

        db.ChangeTracker.Clear();
        return await db.ReadModeratedAsync(command.Id, ct);
    }
}
