using System.Security.Claims;
using System.Text.Json.Nodes;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.OpenApi;
using HeadlessCms.Api.Common.Security;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace HeadlessCms.Api.Features.Articles;

public static class ArticlesEndpoints
{
    /// <summary>An empty filter (?tag=) means no filter, as it does on most sites' search forms.</summary>
    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public static void MapArticles(this RouteGroupBuilder api)
    {
        var articles = api.MapGroup("/articles").WithTags("Articles");

        articles.MapGet("/", async (
                ISender sender, HttpContext http, ClaimsPrincipal user, string? tag, string? author, string? status,
                DateTimeOffset? publishedAfter, DateTimeOffset? publishedBefore, int? limit, string? cursor, CancellationToken ct) =>
            {
                var page = await sender.Send(new ListArticles(
                    NullIfEmpty(tag), NullIfEmpty(author), NullIfEmpty(status), publishedAfter, publishedBefore, limit, NullIfEmpty(cursor),
                    Caller.From(user)), ct);
                return page.Stored is { } stored ? (IResult)Paging.Stored(http, stored) : Paging.Ok(http, page.Items!);
            })
            .Produces<Page<ArticleListItem>>()
            .Produces(StatusCodes.Status304NotModified)
            .WithMetadata(new SurrogateKeysMetadata())
            .WithName("ListArticles")
            .WithSummary("List articles, newest first, with keyset pagination")
            .WithDescription("Anonymous callers see published articles. Editors may pass status=draft, scheduled or any. " +
                "Follow nextCursor (or the Link header) for the next page.")
            .ProducesErrors(400, 401, 403, 404);

        articles.MapGet("/{idOrSlug}", async (ISender sender, HttpRequest request, ClaimsPrincipal user, string idOrSlug, CancellationToken ct) =>
                (await sender.Send(new GetArticle(idOrSlug, Caller.From(user)), ct)).ToResult(request))
            .WithName("GetArticle")
            .WithMetadata(new SurrogateKeysMetadata())
            .WithSummary("Get an article by id or slug (an old slug redirects with 301)")
            .Revalidates(redirectsOldSlugs: true)
            .ProducesErrors(404);

        articles.MapPost("/", async (ISender sender, ClaimsPrincipal user, CreateArticle command, CancellationToken ct) =>
            {
                var created = await sender.Send(command with { Caller = Caller.From(user) }, ct);
                return Versioned.Created($"/api/v1/articles/{created.Id}", created);
            })
            .WithName("CreateArticle")
            .WithSummary("Create a draft article")
            .RequireRole(Policies.Editor)
            .AcceptsJson()
            .ProducesErrors(409);

        articles.MapPut("/{idOrSlug}", async (ISender sender, HttpRequest request, ClaimsPrincipal user, string idOrSlug, UpdateArticle command, CancellationToken ct) =>
                Versioned.Ok(await sender.Send(command with { IdOrSlug = idOrSlug, IfMatch = IfMatch.From(request), Caller = Caller.From(user) }, ct)))
            .WithName("UpdateArticle")
            .WithSummary("Replace an article's content")
            .RequireRole(Policies.Editor)
            .AcceptsJson()
            .HonoursIfMatch()
            .ProducesErrors(404, 409);

        // Accepts() makes routing answer 415 for any other content type, application/json included (RFC 7396).
        articles.MapPatch("/{idOrSlug}", async (ISender sender, HttpRequest request, ClaimsPrincipal user, string idOrSlug, JsonObject patch, CancellationToken ct) =>
                Versioned.Ok(await sender.Send(new PatchArticle(idOrSlug, patch, IfMatch.From(request), Caller.From(user)), ct)))
            .WithName("PatchArticle")
            .WithSummary("Change some fields of an article with a JSON Merge Patch (RFC 7396)")
            .Accepts<JsonObject>(PatchArticleHandler.MediaType)
            .WithMetadata(new MergePatchMetadata(typeof(UpdateArticle), PatchArticleHandler.MediaType))
            .RequireRole(Policies.Editor)
            .AcceptsJson()
            .HonoursIfMatch()
            .ProducesErrors(404, 409);

        articles.MapDelete("/{idOrSlug}", async (ISender sender, HttpRequest request, ClaimsPrincipal user, string idOrSlug, CancellationToken ct) =>
            {
                await sender.Send(new DeleteArticle(idOrSlug, IfMatch.From(request), Caller.From(user)), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteArticle")
            .WithSummary("Delete an article")
            .RequireRole(Policies.Editor)
            .HonoursIfMatch()
            .ProducesErrors(404);

        articles.MapPost("/{idOrSlug}/publish", async (
                ISender sender, HttpRequest request, ClaimsPrincipal user, string idOrSlug,
                [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] PublishOptions? options,
                CancellationToken ct) =>
                Versioned.Ok(await sender.Send(new PublishArticle(idOrSlug, options?.PublishAt, IfMatch.From(request), Caller.From(user)), ct)))
            .WithName("PublishArticle")
            .WithSummary("Publish an article now, or schedule it with { \"publishAt\": \"<future instant>\" }")
            .RequireRole(Policies.Editor)
            .AcceptsJson()
            .HonoursIfMatch()
            .ProducesErrors(404, 409);

        articles.MapPost("/{idOrSlug}/unpublish", async (ISender sender, HttpRequest request, ClaimsPrincipal user, string idOrSlug, CancellationToken ct) =>
                Versioned.Ok(await sender.Send(new UnpublishArticle(idOrSlug, IfMatch.From(request), Caller.From(user)), ct)))
            .WithName("UnpublishArticle")
            .WithSummary("Take an article back to draft, or cancel its schedule")
            .RequireRole(Policies.Editor)
            .HonoursIfMatch()
            .ProducesErrors(404);

        articles.MapGet("/{idOrSlug}/highlights", async (ISender sender, ClaimsPrincipal user, string idOrSlug, CancellationToken ct) =>
            {
                var highlights = await sender.Send(new GetHighlights(idOrSlug, Caller.From(user)), ct);
                return Versioned.Ok(highlights.Items, highlights.Version);
            })
            .WithName("GetHighlights")
            .WithSummary("Get an article's highlights, in order")
            .Revalidates()
            .ProducesErrors(404);

        articles.MapPut("/{idOrSlug}/highlights", async (ISender sender, HttpRequest request, ClaimsPrincipal user, string idOrSlug, List<string>? highlights, CancellationToken ct) =>
            {
                var saved = await sender.Send(new ReplaceHighlights(idOrSlug, highlights, IfMatch.From(request), Caller.From(user)), ct);
                return Versioned.Ok(saved.Items, saved.Version);
            })
            .WithName("ReplaceHighlights")
            .WithSummary("Replace an article's highlights (the body is a JSON array of 1-20 strings)")
            .RequireRole(Policies.Editor)
            .AcceptsJson()
            .HonoursIfMatch()
            .ProducesErrors(404);

        articles.MapGet("/{idOrSlug}/revisions", async (ISender sender, HttpContext http, string idOrSlug, int? limit, string? cursor, CancellationToken ct) =>
                Paging.Ok(http, await sender.Send(new ListRevisions(idOrSlug, limit, cursor), ct)))
            .WithName("ListRevisions")
            .WithSummary("List an article's revisions, newest first, with the fields each changed")
            .RequireRole(Policies.Editor)
            .ProducesErrors(400, 404);

        articles.MapGet("/{idOrSlug}/revisions/{number:int:range(1,2147483647)}", async (ISender sender, string idOrSlug, int number, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetRevision(idOrSlug, number), ct)))
            .WithName("GetRevision")
            .WithSummary("Get one revision's full content")
            .RequireRole(Policies.Editor)
            .ProducesErrors(404);

        articles.MapPost("/{idOrSlug}/revisions/{number:int:range(1,2147483647)}/restore", async (
                ISender sender, HttpRequest request, ClaimsPrincipal user, string idOrSlug, int number, CancellationToken ct) =>
                Versioned.Ok(await sender.Send(new RestoreRevision(idOrSlug, number, IfMatch.From(request), Caller.From(user)), ct)))
            .WithName("RestoreRevision")
            .WithSummary("Make a revision's content current again (as a new revision)")
            .RequireRole(Policies.Editor)
            .HonoursIfMatch()
            .ProducesErrors(400, 404, 409);
    }
}
