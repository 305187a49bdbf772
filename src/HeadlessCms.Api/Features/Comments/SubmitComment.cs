using System.Text.Json.Serialization;
using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.OpenApi;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;
using HeadlessCms.Api.Features.Webhooks;

namespace HeadlessCms.Api.Features.Comments;

/// <summary>
/// A reader's comment or reply: stored pending (or spam, silently) for moderation. Through a staff key (moderator,
/// editor, admin) it is approved at once and flagged staff. <c>website</c> is a honeypot that people never fill.
/// </summary>
public sealed record SubmitComment(
    string? AuthorName, string? AuthorEmail, string? AuthorUrl, string? Body, Guid? ParentId, [property: HiddenFromOpenApi] string? Website)
    : ICommand<CommentAccepted>
{
    public const int MaxBody = 5000;

    [JsonIgnore]
    public string IdOrSlug { get; init; } = "";

    [JsonIgnore]
    public Caller Caller { get; init; } = Caller.Anonymous;

    [JsonIgnore]
    public string ClientHash { get; init; } = "";

    [JsonIgnore]
    public string? NetworkHash { get; init; }
}

internal sealed class SubmitCommentValidator : AbstractValidator<SubmitComment>
{
    public SubmitCommentValidator()
    {
        // Staff are known by their key: a name is optional (the key's name is used) and no email is asked for.
        RuleFor(x => x.AuthorName).NotEmpty().When(x => !x.Caller.IsStaff);
        RuleFor(x => x.AuthorName).MaximumLength(80);
        RuleFor(x => x.AuthorEmail).NotEmpty().When(x => !x.Caller.IsStaff);
        RuleFor(x => x.AuthorEmail).MaximumLength(254).EmailAddress();
        RuleFor(x => x.AuthorUrl).AbsoluteHttpUrl();
        RuleFor(x => x.Website).MaximumLength(ValidationRules.MaxUrlLength);
        RuleFor(x => x.Body).NotEmpty().MaximumLength(SubmitComment.MaxBody);
    }
}

internal sealed class SubmitCommentHandler(CmsDbContext db, SpamRules rules, TimeProvider clock)
    : ICommandHandler<SubmitComment, CommentAccepted>
{
    public async ValueTask<CommentAccepted> Handle(SubmitComment command, CancellationToken ct)
    {
        var caller = command.Caller;
        var article = await CommentStore.FindArticleAsync(db, command.IdOrSlug, caller, ct);
        if (article.Status != ArticleStatus.Published)
        {
            throw new ConflictException("Comments open when the article is published.");
        }

        if (!article.CommentsEnabled)
        {
            throw new ConflictException("Comments are closed on this article.");
        }

        var now = clock.GetUtcNow();
        var comment = new Comment
        {
            Id = Guid.CreateVersion7(now),
            ArticleId = article.Id,
            AuthorName = DisplayName(command),
            AuthorEmail = command.AuthorEmail?.Trim(),
            AuthorUrl = command.AuthorUrl,
            Body = command.Body!,
            BodyHtml = CommentText.ToHtml(command.Body!),
            ClientHash = command.ClientHash,
            NetworkHash = command.NetworkHash,
            CreatedAt = now.UtcDateTime,
        };
        await PlaceAsync(comment, command.ParentId, ct);

        if (caller.IsStaff)
        {
            comment.Status = CommentStatus.Approved;
            comment.Staff = true;
            comment.StaffKeyId = caller.KeyId ?? Guid.Empty;
            comment.StaffKeyName = caller.KeyName;
            db.Record(caller, "create-comment", "comment", comment.Id, null, comment.CreatedAt);
        }
        else
        {
            comment.SpamReason = await rules.CheckAsync(command, db, comment.CreatedAt, ct);
            comment.Status = comment.SpamReason is null ? CommentStatus.Pending : CommentStatus.Spam;
        }

        db.Comments.Add(comment);
        db.Raise(WebhookEvents.CommentSubmitted, comment.Id, null, comment);
        try
        {
            await CommentStore.SaveWithCountAsync(db, article.Id, comment.Status == CommentStatus.Approved ? 1 : 0, ct);
        }
        catch (DbUpdateException e) when (ForeignKeyViolation.Is(e))
        {
            // A parallel request deleted the parent (or the article) after we looked.
            throw command.ParentId is null ? new NotFoundException("Article", command.IdOrSlug) : ParentGone();
        }

        // Readers never learn that a rule caught them: spam answers "pending" like everything else.
        var shown = comment.Status == CommentStatus.Spam ? CommentStatus.Pending : comment.Status;
        return new CommentAccepted(comment.Id, shown, comment.ParentId, comment.Staff);
    }

    /// <summary>
    /// Top level, or under an approved comment of the same article. A reply to a comment already at the maximum depth
    /// joins that comment's parent, so threads never nest deeper than <see cref="CommentOptions.MaxDepth"/>.
    /// </summary>
    private async Task PlaceAsync(Comment comment, Guid? parentId, CancellationToken ct)
    {
        if (parentId is null)
        {
            comment.ThreadId = comment.Id;
            comment.Depth = 1;
            return;
        }

        var parent = await db.Comments.AsNoTracking()
            .Where(c => c.Id == parentId && c.ArticleId == comment.ArticleId)
            .Select(c => new { c.Id, c.ParentId, c.ThreadId, c.Depth, c.Status })
            .SingleOrDefaultAsync(ct) ?? throw ParentGone();
        if (parent.Status != CommentStatus.Approved)
        {
            throw ValidationRules.Field("parentId", "Replies can only be made to published (approved) comments.");
        }

        var atLimit = parent.Depth >= CommentOptions.MaxDepth;
        comment.ParentId = atLimit ? parent.ParentId : parent.Id;
        comment.Depth = atLimit ? parent.Depth : parent.Depth + 1;
        comment.ThreadId = parent.ThreadId;
    }

    /// <summary>What the reader typed; staff who give no name sign with their key's name (cut to the 80 characters a name has).</summary>
    private static string DisplayName(SubmitComment command)
    {
        var name = (string.IsNullOrWhiteSpace(command.AuthorName) ? command.Caller.KeyName ?? "Staff" : command.AuthorName).Trim();
        return name.Length > 80 ? name[..80] : name;
    }

    private static ValidationException ParentGone() =>
        ValidationRules.Field("parentId", "No comment with this id exists on this article.");
}
