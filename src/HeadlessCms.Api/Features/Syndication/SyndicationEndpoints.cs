using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.OpenApi;
using Mediator;

namespace HeadlessCms.Api.Features.Syndication;

public static class SyndicationEndpoints
{
    public const string NinjsMediaType = "application/json";

    public static void MapSyndication(this RouteGroupBuilder api)
    {
        var syndication = api.MapGroup("/syndication").WithTags("Syndication");

        syndication.MapGet("/ninjs", async (ISender sender, HttpContext http, int? limit, string? cursor, CancellationToken ct) =>
                Paging.Stored(http, await sender.Send(new ListNinjs(limit, string.IsNullOrWhiteSpace(cursor) ? null : cursor), ct)))
            .Produces<NinjsPage>()
            .WithName("ListNinjs")
            .WithSummary("Published articles as IPTC ninjs 2.4 news items, newest first, with keyset pagination")
            .WithDescription("Follow nextCursor (or the Link header) for the next page. The mapping from articles to ninjs is in the README.")
            .Revalidates()
            .ProducesErrors(400, 401);

        syndication.MapGet("/ninjs/{idOrSlug}", async (ISender sender, HttpRequest request, string idOrSlug, CancellationToken ct) =>
            {
                var found = await sender.Send(new GetNinjs(idOrSlug), ct);
                return found.Document is { } document ? (IResult)document : TypedResults.Redirect(found.MovedTo! + request.QueryString, permanent: true);
            })
            .Produces<NinjsItem>()
            .WithName("GetNinjs")
            .WithSummary("A published article as an IPTC ninjs 2.4 news item (an old slug redirects with 301)")
            .Revalidates(redirectsOldSlugs: true)
            .ProducesErrors(401, 404);
    }

    /// <summary>The page shape, for the OpenAPI document.</summary>
    public sealed record NinjsPage(IReadOnlyList<NinjsItem> Items, string? NextCursor);
}
