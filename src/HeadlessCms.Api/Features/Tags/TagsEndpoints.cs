using HeadlessCms.Api.Common;
using Mediator;

namespace HeadlessCms.Api.Features.Tags;

public static class TagsEndpoints
{
    public static void MapTags(this RouteGroupBuilder api)
    {
        var tags = api.MapGroup("/tags").WithTags("Tags");

        tags.MapGet("/", async (ISender sender, HttpContext http, int? limit, string? cursor, CancellationToken ct) =>
                Paging.Ok(http, await sender.Send(new ListTags(limit, cursor), ct)))
            .WithName("ListTags")
            .WithSummary("List tags by slug, with keyset pagination")
            .ProducesErrors(400);

        tags.MapGet("/{idOrSlug}", async (ISender sender, string idOrSlug, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetTag(idOrSlug), ct)))
            .WithName("GetTag")
            .WithSummary("Get a tag by id or slug")
            .ProducesErrors(404);

        tags.MapPost("/", async (ISender sender, CreateTag command, CancellationToken ct) =>
            {
                var created = await sender.Send(command, ct);
                return TypedResults.Created($"/api/v1/tags/{created.Id}", created);
            })
            .WithName("CreateTag")
            .WithSummary("Create a tag")
            .RequireRole(Policies.Editor)
            .AcceptsJson()
            .ProducesErrors(409);

        tags.MapPut("/{idOrSlug}", async (ISender sender, string idOrSlug, UpdateTag command, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(command with { IdOrSlug = idOrSlug }, ct)))
            .WithName("UpdateTag")
            .WithSummary("Replace a tag's fields")
            .RequireRole(Policies.Editor)
            .AcceptsJson()
            .ProducesErrors(404, 409);

        tags.MapDelete("/{idOrSlug}", async (ISender sender, string idOrSlug, CancellationToken ct) =>
            {
                await sender.Send(new DeleteTag(idOrSlug), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteTag")
            .WithSummary("Delete a tag; articles keep everything but the tag")
            .RequireRole(Policies.Editor)
            .ProducesErrors(404);
    }
}
