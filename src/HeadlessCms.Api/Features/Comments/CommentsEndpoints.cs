using System.Security.Claims;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.OpenApi;
using HeadlessCms.Api.Common.Security;
using Mediator;

namespace HeadlessCms.Api.Features.Comments;

public static class CommentsEndpoints
{
    private const string Identification =
        "A client is identified without accounts by HMAC-SHA256 of its IP network (IPv4 address or IPv6 /64) and User-Agent, " +
        "keyed with a salt derived daily from a server secret; raw IP addresses are never stored.";

    public static void MapComments(this RouteGroupBuilder api)
    {
        var onArticle = api.MapGroup("/articles/{idOrSlug}/comments").WithTags("Comments");

        onArticle.MapGet("/", async (ISender sender, HttpContext http, string idOrSlug, int? limit, string? cursor, CancellationToken ct) =>
            {
                var page = await sender.Send(new ListArticleComments(idOrSlug, limit, cursor, Caller.From(http.User)), ct);
                Paging.SetNextLink(http, page.NextCursor);
                return TypedResults.Ok(page);
            })
            // The server's output cache would have to be emptied on every like to stay exact; a thread is a few indexed
            // reads, so it is always read fresh. CDNs still get the public Cache-Control of anonymous reads.
            .CacheOutput(policy => policy.NoCache())
            .WithName("ListArticleComments")
            .WithSummary("List an article's approved comments as threads, oldest first, paginated by top-level comment")
            .WithDescription("Each top-level comment carries its replies (nested at most 3 deep, oldest first). approvedCount is the " +
                "article's number of approved comments. A comment that is no longer approved but has approved replies appears as a " +
                "placeholder with removed=true and no author or body. Emails and client data are never part of this list.")
            .ProducesErrors(400, 404);

        onArticle.MapPost("/", async (ISender sender, HttpContext http, ClientIdentity clients, string idOrSlug, SubmitComment command, CancellationToken ct) =>
            {
                var accepted = await sender.Send(
                    command with { IdOrSlug = idOrSlug, Caller = Caller.From(http.User), ClientHash = clients.Of(http), NetworkHash = clients.NetworkOf(http) }, ct);
                return TypedResults.Accepted(accepted.Staff ? $"/api/v1/comments/{accepted.Id}" : null, accepted);
            })
            .WithName("SubmitComment")
            .WithSummary("Submit a comment or a reply (202: held for moderation; staff keys: approved at once)")
            .WithDescription("authorName (1-80) and authorEmail (<= 254, never published) are required from readers; body is plain " +
                "text, 1-5000 characters; authorUrl is optional. parentId makes it a reply to an approved comment of the same article; " +
                "replies nest at most 3 deep, and a reply to a comment at that depth is attached to that comment's parent instead. " +
                "Posting to a closed article is 409. " +
                "Rate-limited per client and per network address (429 with Retry-After). " + Identification)
            .WithReaderLimit(CommentRateLimits.Submissions)
            .AcceptsJson()
            .ProducesErrors(404, 409, 429);

        var comments = api.MapGroup("/comments").WithTags("Comments");

        comments.MapPost("/{id:guid}/likes", async (ISender sender, HttpContext http, ClientIdentity clients, Guid id, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new LikeComment(id, clients.Of(http), clients.NetworkOf(http)), ct)))
            .WithName("LikeComment")
            .WithSummary("Like an approved comment; a second like from the same client changes nothing and returns the same count")
            .WithDescription("One like per client and comment (a client's hash changes daily, so per day), and by default one per " +
                "network address and comment per day, whatever the User-Agent; a like beyond that changes nothing. Rate-limited per " +
                "client and per network address (429 with Retry-After). " + Identification)
            .WithReaderLimit(CommentRateLimits.Likes)
            .ProducesErrors(404, 429);

        comments.MapGet("/", async (ISender sender, HttpContext http, string? status, string? article, int? limit, string? cursor, CancellationToken ct) =>
                Paging.Ok(http, await sender.Send(new ListCommentQueue(status, article, limit, cursor), ct)))
            .WithName("ListCommentQueue")
            .WithSummary("The moderation queue: comments in a status (default pending), newest first, with emails")
            .WithDescription("status is pending, approved, rejected or spam; article (id or slug) narrows it to one article. " +
                "spamReason says which rule caught a comment: honeypot, links, blocklist, duplicate or moderator.")
            .RequireRole(Policies.Moderator)
            .ProducesErrors(400, 404);

        comments.MapGet("/stats", async (ISender sender, Guid? key, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetCommentStats(key), ct)))
            .WithName("GetCommentStats")
            .WithSummary("Staff commenters: approved messages and likes received per API key (key narrows it to one key id)")
            .RequireRole(Policies.Moderator);

        comments.MapGet("/{id:guid}", async (ISender sender, Guid id, CancellationToken ct) =>
                Versioned.Ok(await sender.Send(new GetComment(id), ct)))
            .WithName("GetComment")
            .WithSummary("Get one comment in any status, as moderators see it")
            .RequireRole(Policies.Moderator)
            .Revalidates()
            .ProducesErrors(404);

        MapModeration(comments, "approve", ModerationAction.Approve, "ApproveComment", "Approve a comment: it becomes visible and counts");
        MapModeration(comments, "reject", ModerationAction.Reject, "RejectComment", "Reject a comment: it is hidden and no longer counts");
        MapModeration(comments, "spam", ModerationAction.Spam, "MarkCommentSpam", "Mark a comment as spam: it is hidden and no longer counts");

        comments.MapDelete("/{id:guid}", async (ISender sender, HttpRequest request, ClaimsPrincipal user, Guid id, CancellationToken ct) =>
            {
                await sender.Send(new DeleteComment(id, IfMatch.From(request), Caller.From(user)), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteComment")
            .WithSummary("Delete a comment together with its replies and likes")
            .RequireRole(Policies.Moderator)
            .HonoursIfMatch()
            .ProducesErrors(404);

        comments.MapPost("/moderate", async (ISender sender, ClaimsPrincipal user, ModerateComments command, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(command with { Caller = Caller.From(user) }, ct)))
            .WithName("ModerateComments")
            .WithSummary("Apply one action (approve, reject, spam, delete) to up to 100 comments")
            .WithDescription("Each comment is moderated as by its own endpoint, with its own audit entry; ids that do not exist are " +
                "reported as notFound in the results.")
            .RequireRole(Policies.Moderator)
            .AcceptsJson();
    }

    private static void MapModeration(RouteGroupBuilder comments, string verb, ModerationAction action, string name, string summary) =>
        comments.MapPost($"/{{id:guid}}/{verb}", async (ISender sender, HttpRequest request, ClaimsPrincipal user, Guid id, CancellationToken ct) =>
                Versioned.Ok(await sender.Send(new ModerateComment(id, action, IfMatch.From(request), Caller.From(user)), ct)))
            .WithName(name)
            .WithSummary(summary)
            .RequireRole(Policies.Moderator)
            .HonoursIfMatch()
            .ProducesErrors(404);
}
