using System.Security.Claims;
using HeadlessCms.Api.Common;
using Mediator;

namespace HeadlessCms.Api.Features.Articles;

public static class ArticlesEndpoints
{
    public static void MapArticles(this RouteGroupBuilder api)
    {
        var articles = api.MapGroup("/articles").WithTags("Articles");

        articles.MapGet("/", async (
                ISender sender, HttpContext http, ClaimsPrincipal user, string? tag, string? author, string? status,
                DateTimeOffset? publishedAfter, DateTimeOffset? publishedBefore, int? limit, string? cursor, CancellationToken ct) =>
                Paging.Ok(http, await sender.Send(
                    new ListArticles(tag, author, status, publishedAfter, publishedBefore, limit, cursor, Caller.From(user)), ct)))
            .WithName("ListArticles")
            .WithSummary("List articles, newest first, with keyset pagination")
            .WithDescription("Anonymous callers see published articles. Editors may pass status=draft or status=any. " +
                "Follow nextCursor (or the Link header) for the next page.")
            .ProducesErrors(400, 401, 403, 404);

        articles.MapGet("/{idOrSlug}", async (ISender sender, ClaimsPrincipal user, string idOrSlug, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetArticle(idOrSlug, Caller.From(user)), ct)))
            .WithName("GetArticle")
            .WithSummary("Get an article by id or slug")
            .ProducesErrors(404);

        articles.MapPost("/", async (ISender sender, CreateArticle command, CancellationToken ct) =>
            {
                var created = await sender.Send(command, ct);
                return TypedResults.Created($"/api/v1/articles/{created.Id}", created);
            })
            .WithName("CreateArticle")
            .WithSummary("Create a draft article")
            .RequireRole(Policies.Editor)
            .AcceptsJson()
            .ProducesErrors(409);

        articles.MapPut("/{idOrSlug}", async (ISender sender, string idOrSlug, UpdateArticle command, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(command with { IdOrSlug = idOrSlug }, ct)))
            .WithName("UpdateArticle")
            .WithSummary("Replace an article's content")
            .RequireRole(Policies.Editor)
            .AcceptsJson()
            .ProducesErrors(404, 409);

        articles.MapDelete("/{idOrSlug}", async (ISender sender, string idOrSlug, CancellationToken ct) =>
            {
                await sender.Send(new DeleteArticle(idOrSlug), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteArticle")
            .WithSummary("Delete an article")
            .RequireRole(Policies.Editor)
            .ProducesErrors(404);

        articles.MapPost("/{idOrSlug}/publish", async (ISender sender, string idOrSlug, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new PublishArticle(idOrSlug), ct)))
            .WithName("PublishArticle")
            .WithSummary("Publish an article")
            .RequireRole(Policies.Editor)
            .ProducesErrors(404);

        articles.MapPost("/{idOrSlug}/unpublish", async (ISender sender, string idOrSlug, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new UnpublishArticle(idOrSlug), ct)))
            .WithName("UnpublishArticle")
            .WithSummary("Take an article back to draft")
            .RequireRole(Policies.Editor)
            .ProducesErrors(404);

        articles.MapGet("/{idOrSlug}/highlights", async (ISender sender, ClaimsPrincipal user, string idOrSlug, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetHighlights(idOrSlug, Caller.From(user)), ct)))
            .WithName("GetHighlights")
            .WithSummary("Get an article's highlights, in order")
            .ProducesErrors(404);

        articles.MapPut("/{idOrSlug}/highlights", async (ISender sender, string idOrSlug, List<string>? highlights, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ReplaceHighlights(idOrSlug, highlights), ct)))
            .WithName("ReplaceHighlights")
            .WithSummary("Replace an article's highlights (the body is a JSON array of 1-20 strings)")
            .RequireRole(Policies.Editor)
            .AcceptsJson()
            .ProducesErrors(404);
    }
}
