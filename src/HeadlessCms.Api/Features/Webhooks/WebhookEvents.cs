namespace HeadlessCms.Api.Features.Webhooks;

/// <summary>The events a subscription can ask for. Writes raise them with <c>db.Raise(...)</c>, next to their audit entry.</summary>
public static class WebhookEvents
{
    public const string ArticlePublished = "article.published";
    public const string ArticleUpdated = "article.updated";
    public const string ArticleUnpublished = "article.unpublished";
    public const string ArticleDeleted = "article.deleted";
    public const string CommentSubmitted = "comment.submitted";
    public const string CommentApproved = "comment.approved";
    public const string AuthorUpdated = "author.updated";
    public const string TagUpdated = "tag.updated";

    /// <summary>Sent by POST /webhooks/{id}/test only; nobody subscribes to it.</summary>
    public const string Ping = "ping";

    public static readonly IReadOnlyList<string> All =
    [
        ArticlePublished, ArticleUpdated, ArticleUnpublished, ArticleDeleted, CommentSubmitted, CommentApproved, AuthorUpdated, TagUpdated,
    ];
}
