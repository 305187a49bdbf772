using System.Security.Claims;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.OpenApi;
using HeadlessCms.Api.Common.Security;
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

        tags.MapGet("/{idOrSlug}", async (ISender sender, HttpRequest request, string idOrSlug, CancellationToken ct) =>
                (await sender.Send(new GetTag(idOrSlug), ct)).ToResult(request))
            .WithName("GetTag")
            .WithSummary("Get a tag by id or slug (an old slug redirects with 301)")
            .Revalidates(redirectsOldSlugs: true)
            .ProducesErrors(404);

        tags.MapPost("/", async (ISender sender, ClaimsPrincipal user, CreateTag command, CancellationToken ct) =>
            {
                var created = await sender.Send(command with { Caller = Caller.From(user) }, ct);
                return Versioned.Created($"/api/v1/tags/{created.Id}", created);
            })
            .WithName("CreateTag")
            .WithSummary("Create a tag")
            .RequireRole(Policies.Editor)
            .AcceptsJson()
            .ProducesErrors(409);

        tags.MapPut("/{idOrSlug}", async (ISender sender, HttpRequest request, ClaimsPrincipal user, string idOrSlug, UpdateTag command, CancellationToken ct) =>
                Versioned.Ok(await sender.Send(command with { IdOrSlug = idOrSlug, IfMatch = IfMatch.From(request), Caller = Caller.From(user) }, ct)))
            .WithName("UpdateTag")
            .WithSummary("Replace a tag's fields")
            .RequireRole(Policies.Editor)
            .AcceptsJson()
            .HonoursIfMatch()
            .ProducesErrors(404, 409);

        tags.MapDelete("/{idOrSlug}", async (ISender sender, HttpRequest request, ClaimsPrincipal user, string idOrSlug, CancellationToken ct) =>
            {
                await sender.Send(new DeleteTag(idOrSlug, IfMatch.From(request), Caller.From(user)), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteTag")
            .WithSummary("Delete a tag; articles keep everything but the tag")
            .RequireRole(Policies.Editor)
            .HonoursIfMatch()
            .ProducesErrors(404);
    }
}
