using HeadlessCms.Api.Common.OpenApi;
using Mediator;

namespace HeadlessCms.Api.Features.Feeds;

public static class FeedsEndpoints
{
    /// <summary>
    /// /feeds/articles.{rss|atom|json}, and the same under /feeds/tags/{tag}/ and /feeds/authors/{author}/. Anonymous,
    /// cached and revalidated like every published read (evicted by the same writes).
    /// </summary>
    public static void MapFeeds(this RouteGroupBuilder api)
    {
        var feeds = api.MapGroup("/feeds").WithTags("Feeds");
        foreach (var format in FeedWriter.Formats)
        {
            var ext = FeedWriter.Extension(format);
            var name = format.ToString();

            feeds.MapGet($"/articles.{ext}", (ISender sender, HttpRequest request, CancellationToken ct) =>
                    Send(sender, new GetFeed(FeedScope.Site, null, format, SelfPath(request)), ct))
                .Describe(format, $"GetSiteFeed{name}", $"The newest published articles as {Label(format)}");

            feeds.MapGet($"/tags/{{tag}}/articles.{ext}", (ISender sender, HttpRequest request, string tag, CancellationToken ct) =>
                    Send(sender, new GetFeed(FeedScope.Tag, tag, format, SelfPath(request)), ct))
                .Describe(format, $"GetTagFeed{name}", $"The newest published articles with a tag (id or slug) as {Label(format)}")
                .ProducesErrors(404);

            feeds.MapGet($"/authors/{{author}}/articles.{ext}", (ISender sender, HttpRequest request, string author, CancellationToken ct) =>
                    Send(sender, new GetFeed(FeedScope.Author, author, format, SelfPath(request)), ct))
                .Describe(format, $"GetAuthorFeed{name}", $"The newest published articles of an author (id or slug) as {Label(format)}")
                .ProducesErrors(404);
        }
    }

    private static async Task<IResult> Send(ISender sender, GetFeed query, CancellationToken ct) => await sender.Send(query, ct);

    private static string SelfPath(HttpRequest request) => (request.PathBase + request.Path).ToUriComponent();

    private static string Label(FeedFormat format) => format switch
    {
        FeedFormat.Rss => "RSS 2.0",
        FeedFormat.Atom => "Atom 1.0",
        _ => "JSON Feed 1.1",
    };

    private static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, FeedFormat format, string name, string summary)
    {
        builder = format == FeedFormat.Json
            ? builder.Produces<JsonFeed>(StatusCodes.Status200OK, FeedWriter.MediaType(format))
            : builder.Produces<string>(StatusCodes.Status200OK, FeedWriter.MediaType(format));
        return builder
            .WithName(name)
            .WithSummary(summary)
            .WithDescription("Newest first, Cms:Feeds:Items items (50 by default). Item ids are urn:uuid:{article id}, stable across slug " +
                "changes. Answers If-None-Match and If-Modified-Since with 304.")
            .Revalidates()
            .WithMetadata(new ConditionalHeaderMetadata("If-Modified-Since"))
            .ProducesErrors(401);
    }
}
