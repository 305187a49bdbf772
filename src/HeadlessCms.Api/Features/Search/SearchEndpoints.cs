using System.Security.Claims;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.OpenApi;
using HeadlessCms.Api.Common.Security;
using Mediator;

namespace HeadlessCms.Api.Features.Search;

public static class SearchEndpoints
{
    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public static void MapSearch(this RouteGroupBuilder api)
    {
        var search = api.MapGroup("/search").WithTags("Search");

        search.MapGet("/", async (
                ISender sender, HttpContext http, ClaimsPrincipal user, string? q, string? tag, string? author, string? status,
                DateTimeOffset? publishedAfter, DateTimeOffset? publishedBefore, int? limit, string? cursor, CancellationToken ct) =>
                Paging.Ok(http, await sender.Send(new SearchArticles(
                    q, NullIfEmpty(tag), NullIfEmpty(author), NullIfEmpty(status), publishedAfter, publishedBefore, limit, NullIfEmpty(cursor),
                    Caller.From(user)), ct)))
            .WithName("SearchArticles")
            .WithSummary("Search articles: ranked full-text search with highlighted snippets")
            .WithDescription("Web-search syntax: words (all must match), \"exact phrase\", -excluded, OR; the last word also matches as a prefix. " +
                "Case- and accent-insensitive, English stemming. Best matches first (title above highlights, above excerpt, above body), " +
                "ties newest first. Each hit is an article list item with score and snippet (HTML: matched words in <mark>, the rest escaped). " +
                "Anonymous callers search published articles; editors may pass status=any. limit 1-50; follow nextCursor (or the Link header).")
            .ProducesErrors(400, 401, 403, 404);

        search.MapGet("/suggest", async (ISender sender, string? q, int? limit, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new SuggestSearch(q, limit), ct)))
            .WithName("SuggestSearch")
            .WithSummary("Suggestions for a search box: completions and \"did you mean\"")
            .WithDescription("completions: published articles whose titles, and tags whose names, complete the text (the last word as a prefix), " +
                "up to limit (1-10, default 5) of each. didYouMean: when the text finds no published article, the text with each word that is " +
                "not in the index replaced by the closest indexed word (null otherwise). q follows the rules of /search.")
            .ProducesErrors(400);
    }
}
