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

        api.MapGet("/sync", async (ISender sender, HttpContext http, bool? initial, string? syncToken, string? pageToken, int? limit, CancellationToken ct) =>
            {
                var page = await sender.Send(new GetSync(initial, Blank(syncToken), Blank(pageToken), limit), ct);
                return new PreSerializedJson(page.Json, Etags.For(0, page.Json.Span), page.SurrogateKeys);
            })
            .WithTags("Syndication")
            .Produces<SyncPage>()
            .WithName("GetSync")
            .WithSummary("Keep a full copy of the published articles: an initial sync, then only what changed (with tombstones)")
            .WithDescription("Start with initial=true and follow nextPageToken (as pageToken) until a page carries nextSyncToken; keep it and "
                + "call again later with syncToken to get each article created, changed, unpublished or deleted since (its latest state only, "
                + "in commit order), and authors and tags deleted since. A token older than Cms:Sync:RetentionDays answers 410: start again "
                + "with initial=true. Tokens are opaque and signed: a changed one is a 400.")
            .Revalidates()
            .ProducesErrors(400, 401, 410);

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

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The page shape, for the OpenAPI document.</summary>
    public sealed record NinjsPage(IReadOnlyList<NinjsItem> Items, string? NextCursor);
}
