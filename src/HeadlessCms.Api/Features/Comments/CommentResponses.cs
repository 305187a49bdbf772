using System.Linq.Expressions;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Comments;

/// <summary>The answer to a submission: the comment's id and status ("pending" for every reader, "approved" for staff).</summary>
public sealed record CommentAccepted(Guid Id, CommentStatus Status, Guid? ParentId, bool Staff);

/// <summary>What a staff member's comments have earned: approved messages and the likes on them.</summary>
public sealed record StaffStats(int Messages, int Likes);

/// <summary>
/// A comment as readers see it: no email, no client data. A comment that is not (or no longer) approved but has
/// approved replies stays in the tree as a placeholder (<c>removed</c>, no author or body) so its replies keep their place.
/// </summary>
public sealed record CommentResponse(
    Guid Id,
    Guid? ParentId,
    bool Removed,
    string? AuthorName,
    string? AuthorUrl,
    string? Body,
    string? BodyHtml,
    DateTime CreatedAt,
    int Likes,
    bool Staff,
    StaffStats? StaffStats,
    int Version,
    IReadOnlyList<CommentResponse> Replies);

/// <summary>A page of an article's threads, oldest first, with the number of approved comments on the article.</summary>
public sealed record CommentThreadPage(IReadOnlyList<CommentResponse> Items, string? NextCursor, int ApprovedCount);

/// <summary>A comment as moderators see it, email and spam reason included. Never served without a staff key.</summary>
public sealed record ModeratedComment(
    Guid Id,
    Guid ArticleId,
    string ArticleSlug,
    Guid? ParentId,
    int Depth,
    string AuthorName,
    string? AuthorEmail,
    string? AuthorUrl,
    string Body,
    string BodyHtml,
    CommentStatus Status,
    string? SpamReason,
    bool Staff,
    int Likes,
    DateTime CreatedAt,
    DateTime? ModeratedAt,
    string? ModeratedBy,
    int Version) : IVersionedResponse;

public sealed record CommentLikes(Guid CommentId, int Likes);

internal static class CommentProjections
{
    public static readonly Expression<Func<Comment, ModeratedComment>> Moderated = c => new ModeratedComment(
        c.Id, c.ArticleId, c.Article.Slug, c.ParentId, c.Depth, c.AuthorName, c.AuthorEmail, c.AuthorUrl, c.Body, c.BodyHtml,
        c.Status, c.SpamReason, c.Staff, c.Likes, c.CreatedAt, c.ModeratedAt, c.ModeratedBy, c.Version);

    public static async Task<ModeratedComment> ReadModeratedAsync(this CmsDbContext db, Guid id, CancellationToken ct) =>
        await db.Comments.AsNoTracking().Where(c => c.Id == id).Select(Moderated).SingleOrDefaultAsync(ct)
        ?? throw new NotFoundException("Comment", id.ToString());
}
