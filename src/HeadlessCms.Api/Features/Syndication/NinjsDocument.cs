using System.Text.Json.Serialization;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Features.Articles;
using HeadlessCms.Api.Features.Feeds;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Syndication;

/// <summary>
/// An article as an IPTC ninjs 2.4 news item ("News in JSON"). Only the members we fill are declared; the mapping is
/// the README's table. Member names are ninjs's own (lowercase), and absent values are left out, not null.
/// </summary>
public sealed record NinjsItem(
    [property: JsonPropertyName("uri")] string Uri,
    [property: JsonPropertyName("standard")] NinjsStandard Standard,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("representationtype")] string RepresentationType,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("firstcreated")] DateTimeOffset FirstCreated,
    [property: JsonPropertyName("versioncreated")] DateTimeOffset VersionCreated,
    [property: JsonPropertyName("contentcreated")] DateTimeOffset ContentCreated,
    [property: JsonPropertyName("pubstatus")] string PubStatus,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("slugline")] string Slugline,
    [property: JsonPropertyName("headlines")] IReadOnlyList<NinjsText> Headlines,
    [property: JsonPropertyName("descriptions")] IReadOnlyList<NinjsText> Descriptions,
    [property: JsonPropertyName("bodies")] IReadOnlyList<NinjsBody> Bodies,
    [property: JsonPropertyName("by")] string By,
    [property: JsonPropertyName("people")] IReadOnlyList<NinjsConcept> People,
    [property: JsonPropertyName("subjects")] IReadOnlyList<NinjsConcept>? Subjects,
    [property: JsonPropertyName("infosources")] IReadOnlyList<NinjsInfoSource>? InfoSources,
    [property: JsonPropertyName("copyrightholder")] string CopyrightHolder,
    [property: JsonPropertyName("renditions")] IReadOnlyList<NinjsRendition>? Renditions);

public sealed record NinjsStandard(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("schema")] string Schema);

public sealed record NinjsText(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("contenttype")] string ContentType,
    [property: JsonPropertyName("value")] string Value);

public sealed record NinjsBody(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("contenttype")] string ContentType,
    [property: JsonPropertyName("charcount")] int CharCount,
    [property: JsonPropertyName("wordcount")] int WordCount,
    [property: JsonPropertyName("value")] string Value);

public sealed record NinjsConcept(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("rel")] string Rel,
    [property: JsonPropertyName("uri")] string Uri,
    [property: JsonPropertyName("literal")] string Literal);

public sealed record NinjsInfoSource(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("uri")] string? Uri);

public sealed record NinjsRendition(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("href")] string Href,
    [property: JsonPropertyName("contenttype")] string ContentType);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NinjsItem))]
internal sealed partial class NinjsJsonContext : JsonSerializerContext;

/// <summary>Maps a published article to ninjs; links follow Cms:Site:ArticleLink and Cms:PublicBaseUrl like the feeds'.</summary>
public sealed class NinjsMapper(FeedWriter feeds, IOptions<SiteOptions> site)
{
    public const string SchemaUri = "http://www.iptc.org/std/ninjs/ninjs-schema_2.4.json";

    public NinjsItem Map(ArticleResponse article)
    {
        var published = Utc(article.PublishedAt!.Value);
        var updated = Utc(article.UpdatedAt);
        var plain = MarkdownRenderer.ToPlainText(article.Body).Trim();
        var descriptions = new List<NinjsText>();
        if (article.Excerpt is { Length: > 0 } excerpt)
        {
            descriptions.Add(new NinjsText("summary", "text/plain", excerpt));
        }

        descriptions.AddRange(article.Highlights.Select(h => new NinjsText("highlight", "text/plain", h)));

        return new NinjsItem(
            Uri: FeedWriter.ItemId(article.Id),
            Standard: new NinjsStandard("ninjs", "2.4", SchemaUri),
            Type: "text",
            RepresentationType: "full",
            Version: article.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            FirstCreated: published,
            VersionCreated: updated > published ? updated : published,
            ContentCreated: Utc(article.CreatedAt),
            PubStatus: "usable",
            Language: site.Value.Language,
            Slugline: article.Slug,
            Headlines: [new NinjsText("main", "text/plain", article.Title)],
            Descriptions: descriptions,
            Bodies:
            [
                new NinjsBody("main", "text/html", plain.Length, Words(plain), article.BodyHtml),
                new NinjsBody("main", "text/plain", plain.Length, Words(plain), plain),
            ],
            By: article.Author.Name,
            People: [new NinjsConcept(article.Author.Name, "author", FeedWriter.ItemId(article.Author.Id), article.Author.Slug)],
            Subjects: article.Tags.Count == 0 ? null : article.Tags.Select(t => new NinjsConcept(t.Name, "about", FeedWriter.ItemId(t.Id), t.Slug)).ToList(),
            InfoSources: article.Source is { } source ? [new NinjsInfoSource(source.Name, "source", AbsoluteOrNull(source.Url))] : null,
            CopyrightHolder: site.Value.Title,
            // ninjs wants absolute URIs: without Cms:PublicBaseUrl (and a relative article link) there is no rendition to name.
            Renditions: AbsoluteOrNull(feeds.ArticleLink(article)) is { } page ? [new NinjsRendition("web", page, "text/html")] : null);
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    public byte[] Serialize(ArticleResponse article) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Map(article), NinjsJsonContext.Default.NinjsItem);

    private static string? AbsoluteOrNull(string? url) => System.Uri.TryCreate(url, UriKind.Absolute, out _) ? url : null;
}
