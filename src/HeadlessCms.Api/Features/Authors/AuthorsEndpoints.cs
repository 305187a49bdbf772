using HeadlessCms.Api.Common;
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

        authors.MapGet("/{idOrSlug}", async (ISender sender, string idOrSlug, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetAuthor(idOrSlug), ct)))
            .WithName("GetAuthor")
            .WithSummary("Get an author by id or slug")
            .ProducesErrors(404);

        authors.MapPost("/", async (ISender sender, CreateAuthor command, CancellationToken ct) =>
            {
                var created = await sender.Send(command, ct);
                return TypedResults.Created($"/api/v1/authors/{created.Id}", created);
            })
            .WithName("CreateAuthor")
            .WithSummary("Create an author")
            .RequireRole(Policies.Editor)
            .AcceptsJson()
            .ProducesErrors(409);

        authors.MapPut("/{idOrSlug}", async (ISender sender, string idOrSlug, UpdateAuthor command, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(command with { IdOrSlug = idOrSlug }, ct)))
            .WithName("UpdateAuthor")
            .WithSummary("Replace an author's fields")
            .RequireRole(Policies.Editor)
            .AcceptsJson()
            .ProducesErrors(404, 409);

        authors.MapDelete("/{idOrSlug}", async (ISender sender, string idOrSlug, CancellationToken ct) =>
            {
                await sender.Send(new DeleteAuthor(idOrSlug), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteAuthor")
            .WithSummary("Delete an author who has no articles")
            .RequireRole(Policies.Editor)
            .ProducesErrors(404, 409);
    }
}
