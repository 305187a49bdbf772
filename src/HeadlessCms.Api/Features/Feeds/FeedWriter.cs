using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;
using System.Xml.Linq;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Features.Articles;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Feeds;

public enum FeedFormat
{
    Rss,
    Atom,
    Json,
}

/// <summary>
/// Writes a feed: RSS 2.0 and Atom 1.0 through System.ServiceModel.Syndication, JSON Feed 1.1 through source-generated
/// JSON. Items are identified by urn:uuid:{article id}, which survives slug changes; links are absolute when
/// Cms:PublicBaseUrl is set.
/// </summary>
public sealed class FeedWriter(PublicUrls urls, IOptions<FeedOptions> options, IOptions<SiteOptions> site)
{
    private static readonly XNamespace ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace DcNs = "http://purl.org/dc/elements/1.1/";

    public static readonly FeedFormat[] Formats = [FeedFormat.Rss, FeedFormat.Atom, FeedFormat.Json];

    public static string Extension(FeedFormat format) => format switch
    {
        FeedFormat.Rss => "rss",
        FeedFormat.Atom => "atom",
        _ => "json",
    };

    public static string MediaType(FeedFormat format) => format switch
    {
        FeedFormat.Rss => "application/rss+xml",
        FeedFormat.Atom => "application/atom+xml",
        _ => "application/feed+json",
    };

    public static string ContentType(FeedFormat format) => MediaType(format) + "; charset=utf-8";

    public static string ItemId(Guid articleId) => $"urn:uuid:{articleId:D}";

    public byte[] Write(FeedContent feed, FeedFormat format) => format switch
    {
        FeedFormat.Rss => WriteXml(feed, rss: true),
        FeedFormat.Atom => WriteXml(feed, rss: false),
        _ => WriteJson(feed),
    };

    /// <summary>The item's HTML: the highlights as a list, then the body (or the excerpt alone with Cms:Feeds:FullContent off).</summary>
    public string? ContentHtml(ArticleResponse article)
    {
        if (!options.Value.FullContent)
        {
            return null;
        }

        var html = new StringBuilder();
        if (article.Highlights.Count > 0)
        {
            html.Append("<ul class=\"highlights\">");
            foreach (var highlight in article.Highlights)
            {
                html.Append("<li>").Append(HtmlText(highlight)).Append("</li>");
            }

            html.Append("</ul>\n");
        }

        return html.Append(article.BodyHtml).ToString();
    }

    /// <summary>Highlights are plain text: only the characters HTML gives meaning to are escaped, the rest stays readable.</summary>
    private static string HtmlText(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);

    public string ArticleLink(ArticleResponse article) => urls.FromTemplate(site.Value.ArticleLink, article.Slug, article.Id);

    private string SiteLink => site.Value.Link.StartsWith('/') ? urls.Link(site.Value.Link) : site.Value.Link;

    /// <summary>A feed's own identity for Atom: its absolute address, or a tag URI-like URN when links are relative.</summary>
    private string FeedId(FeedContent feed) => urls.BaseUrl is null ? "urn:headlesscms:feed:" + feed.SelfPath.TrimStart('/') : urls.Link(feed.SelfPath);

    private byte[] WriteXml(FeedContent feed, bool rss)
    {
        var syndication = new SyndicationFeed(Xml(feed.Title), Xml(feed.Description), new Uri(SiteLink, UriKind.RelativeOrAbsolute))
        {
            Id = FeedId(feed),
            Language = site.Value.Language,
            LastUpdatedTime = feed.Articles.Count == 0 ? DateTimeOffset.UnixEpoch : feed.Articles.Max(a => new DateTimeOffset(a.UpdatedAt, TimeSpan.Zero)),
            Generator = "HeadlessCms",
        };
        syndication.Links.Add(new SyndicationLink(new Uri(urls.Link(feed.SelfPath), UriKind.RelativeOrAbsolute), "self", null, MediaType(rss ? FeedFormat.Rss : FeedFormat.Atom), 0));
        if (rss)
        {
            syndication.AttributeExtensions.Add(new XmlQualifiedName("content", XNamespace.Xmlns.NamespaceName), ContentNs.NamespaceName);
            syndication.AttributeExtensions.Add(new XmlQualifiedName("dc", XNamespace.Xmlns.NamespaceName), DcNs.NamespaceName);
        }

        syndication.Items = feed.Articles.Select(article => Item(article, rss)).ToList();

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            SyndicationFeedFormatter formatter = rss ? new Rss20FeedFormatter(syndication, serializeExtensionsAsAtom: false) : new Atom10FeedFormatter(syndication);
            formatter.WriteTo(writer);
        }

        return stream.ToArray();
    }

    private SyndicationItem Item(ArticleResponse article, bool rss)
    {
        var item = new SyndicationItem
        {
            Id = ItemId(article.Id),
            Title = new TextSyndicationContent(Xml(article.Title)),
            PublishDate = new DateTimeOffset(article.PublishedAt!.Value, TimeSpan.Zero),
            LastUpdatedTime = new DateTimeOffset(article.UpdatedAt, TimeSpan.Zero),
        };
        item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(ArticleLink(article), UriKind.RelativeOrAbsolute), "text/html"));
        if (article.Excerpt is { Length: > 0 } excerpt)
        {
            item.Summary = new TextSyndicationContent(Xml(excerpt));
        }

        foreach (var tag in article.Tags)
        {
            item.Categories.Add(new SyndicationCategory(Xml(tag.Name)) { Label = Xml(tag.Name) });
        }

        var content = ContentHtml(article) is { } html ? Xml(html) : null;
        if (rss)
        {
            // RSS 2.0's <author> must be an email address, which authors do not publish: Dublin Core names them instead.
            item.ElementExtensions.Add(new XElement(DcNs + "creator", Xml(article.Author.Name)));
            if (content is not null)
            {
                item.ElementExtensions.Add(new XElement(ContentNs + "encoded", content));
            }
        }
        else
        {
            item.Authors.Add(new SyndicationPerson { Name = Xml(article.Author.Name) });
            if (content is not null)
            {
                item.Content = new TextSyndicationContent(content, TextSyndicationContentKind.Html);
            }
        }

        return item;
    }

    /// <summary>
    /// Text as XML 1.0 can carry it. Input rules already keep out control characters; what is left (U+FFFE, U+FFFF) is
    /// dropped rather than failing the whole feed.
    /// </summary>
    private static string Xml(string text)
    {
        if (!text.Any(c => c is '\uFFFE' or '\uFFFF' || (c < '\u0020' && c is not ('\t' or '\n' or '\r'))))
        {
            return text;
        }

        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                kept.Append(text, i++, 2);
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                kept.Append(text[i]);
            }
        }

        return kept.ToString();
    }

    private byte[] WriteJson(FeedContent feed)
    {
        var content = new JsonFeed(
            Version: "https://jsonfeed.org/version/1.1",
            Title: feed.Title,
            HomePageUrl: SiteLink,
            FeedUrl: urls.Link(feed.SelfPath),
            Description: feed.Description,
            Language: site.Value.Language,
            Items: feed.Articles.Select(article =>
            {
                var html = ContentHtml(article);
                return new JsonFeedItem(
                    Id: ItemId(article.Id),
                    Url: ArticleLink(article),
                    Title: article.Title,
                    ContentHtml: html,
                    ContentText: html is null ? article.Excerpt ?? article.Title : null,
                    Summary: article.Excerpt,
                    DatePublished: new DateTimeOffset(article.PublishedAt!.Value, TimeSpan.Zero),
                    DateModified: new DateTimeOffset(article.UpdatedAt, TimeSpan.Zero),
                    Authors: [new JsonFeedAuthor(article.Author.Name)],
                    Tags: article.Tags.Count == 0 ? null : article.Tags.Select(t => t.Name).ToList());
            }).ToList());
        return JsonSerializer.SerializeToUtf8Bytes(content, FeedJsonContext.Default.JsonFeed);
    }
}

public sealed record JsonFeed(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("home_page_url")] string HomePageUrl,
    [property: JsonPropertyName("feed_url")] string FeedUrl,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("items")] IReadOnlyList<JsonFeedItem> Items);

public sealed record JsonFeedItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("content_html")] string? ContentHtml,
    [property: JsonPropertyName("content_text")] string? ContentText,
    [property: JsonPropertyName("summary")] string? Summary,
    [property: JsonPropertyName("date_published")] DateTimeOffset DatePublished,
    [property: JsonPropertyName("date_modified")] DateTimeOffset DateModified,
    [property: JsonPropertyName("authors")] IReadOnlyList<JsonFeedAuthor> Authors,
    [property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags);

public sealed record JsonFeedAuthor([property: JsonPropertyName("name")] string Name);

/// <summary>JSON Feed's own member names (snake_case) and no nulls: the spec has optional members, not null ones.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonFeed))]
internal sealed partial class FeedJsonContext : JsonSerializerContext;
