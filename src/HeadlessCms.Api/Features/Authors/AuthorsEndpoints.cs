using System.Security.Claims;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.OpenApi;
using HeadlessCms.Api.Common.Security;
using Mediator;

namespace HeadlessCms.Api.Features.Authors;

public static class AuthorsEndpoints
{
    public static void MapAuthors(this RouteGroupBuilder api)
    {
        var authors = api.MapGroup("/authors").WithTags("Authors");

        authors.MapGet("/", async (ISender sender, HttpContext http, int? limit, string? cursor, CancellationToken ct) =>
                Paging.Ok(http, await sender.Send(new ListAuthors(limit, cursor), ct)))
            .WithName("ListAuthors")
            .WithSummary("List authors by slug, with keyset pagination")
            .ProducesErrors(400);

        authors.MapGet("/{idOrSlug}", async (ISender sender, HttpRequest request, string idOrSlug, CancellationToken ct) =>
                (await sender.Send(new GetAuthor(idOrSlug), ct)).ToResult(request))
            .WithName("GetAuthor")
            .WithSummary("Get an author by id or slug (an old slug redirects with 301)")
            .Revalidates(redirectsOldSlugs: true)
            .ProducesErrors(404);

        authors.MapPost("/", async (ISender sender, ClaimsPrincipal user, CreateAuthor command, CancellationToken ct) =>
            {
                var created = await sender.Send(command with { Caller = Caller.From(user) }, ct);
                return Versioned.Created($"/api/v1/authors/{created.Id}", created);
            })
            .WithName("CreateAuthor")
            .WithSummary("Create an author")
            .RequireRole(Policies.Editor)
            .AcceptsJson()
            .ProducesErrors(409);

        authors.MapPut("/{idOrSlug}", async (ISender sender, HttpRequest request, ClaimsPrincipal user, string idOrSlug, UpdateAuthor command, CancellationToken ct) =>
                Versioned.Ok(await sender.Send(command with { IdOrSlug = idOrSlug, IfMatch = IfMatch.From(request), Caller = Caller.From(user) }, ct)))
            .WithName("UpdateAuthor")
            .WithSummary("Replace an author's fields")
            .RequireRole(Policies.Editor)
            .AcceptsJson()
            .HonoursIfMatch()
            .ProducesErrors(404, 409);

        authors.MapDelete("/{idOrSlug}", async (ISender sender, HttpRequest request, ClaimsPrincipal user, string idOrSlug, CancellationToken ct) =>
            {
                await sender.Send(new DeleteAuthor(idOrSlug, IfMatch.From(request), Caller.From(user)), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteAuthor")
            .WithSummary("Delete an author who has no articles")
            .RequireRole(Policies.Editor)
            .HonoursIfMatch()
            .ProducesErrors(404, 409);
    }
}
