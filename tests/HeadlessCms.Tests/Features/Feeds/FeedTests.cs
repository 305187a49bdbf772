using System.Net;
using System.Net.Http.Headers;
using System.ServiceModel.Syndication;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Feeds;

/// <summary>
/// RSS 2.0 and Atom 1.0 are read back with SyndicationFeed.Load (the parser of System.ServiceModel.Syndication), JSON
/// Feed 1.1 is checked against a JSON Schema of the specification, and every test looks at all three formats.
/// </summary>
public abstract class FeedTests(IFeedFixture fixture)
{
    private static readonly XNamespace ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace DcNs = "http://purl.org/dc/elements/1.1/";

    private const string NastyTitle = "Q&A: <script>alert(\"x\")</script> it's 'quoted' & 🚀📈 — Ελληνικά, 日本語, العربية";
    private const string NastyHighlight = "Tonnes & <b>grades</b> \"up\" 💎 — 中文";
    private const string NastyBody = "## Über & <Ünter>\n\nOre grades \"rose\" 5% & prices fell <10%. 🚀 Кириллица ]]> end.";

    private readonly CmsApiFixture fx = fixture.Api;

    [Fact]
    public async Task Rss_atom_and_json_feeds_parse_and_carry_every_field_with_escaping_intact()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author("Zoë O'Brien & Co <Ltd>");
        var tag = await content.Tag(Infrastructure.Api.Unique("Gold & Silver <Metals>"));
        var draft = await editor.PostJson("/api/v1/articles", new
        {
            title = NastyTitle,
            body = NastyBody,
            excerpt = "Excerpt & <summary> \"quoted\" 🚀",
            highlights = new[] { NastyHighlight, "Second point." },
            authorId = author.Str("id"),
            tagIds = new[] { tag.Str("id") },
        }).Expect(HttpStatusCode.Created);
        var article = await content.Publish(draft.Str("id"));
        var id = article.Str("id");
        var link = $"{FeedSetup.BaseUrl}/api/v1/articles/{article.Str("slug")}";
        var path = $"/api/v1/feeds/authors/{author.Str("slug")}/articles";

        var rss = await Xml(path + ".rss", "application/rss+xml");
        Assert.Equal($"{FeedSetup.SiteTitle}: {author.Str("name")}", rss.Title.Text);
        var rssItem = Assert.Single(rss.Items);
        Assert.Equal($"urn:uuid:{id}", rssItem.Id);
        Assert.Equal(NastyTitle, rssItem.Title.Text);
        Assert.Equal(link, rssItem.Links.Single().Uri.ToString());
        Assert.Equal("Excerpt & <summary> \"quoted\" 🚀", rssItem.Summary.Text);
        Assert.Equal(tag.Str("name"), rssItem.Categories.Single().Name);
        Assert.Equal(author.Str("name"), rssItem.ElementExtensions.ReadElementExtensions<string>("creator", DcNs.NamespaceName).Single());
        Assert.Equal(DateTimeOffset.Parse(article.Str("publishedAt")).ToUnixTimeSeconds(), rssItem.PublishDate.ToUnixTimeSeconds());
        AssertFullContent(rssItem.ElementExtensions.ReadElementExtensions<string>("encoded", ContentNs.NamespaceName).Single(), article);

        var atom = await Xml(path + ".atom", "application/atom+xml");
        var atomItem = Assert.Single(atom.Items);
        Assert.Equal($"urn:uuid:{id}", atomItem.Id);
        Assert.Equal(NastyTitle, atomItem.Title.Text);
        Assert.Equal(link, atomItem.Links.Single(l => l.RelationshipType == "alternate").Uri.ToString());
        Assert.Equal(author.Str("name"), atomItem.Authors.Single().Name);
        Assert.Equal(tag.Str("name"), atomItem.Categories.Single().Name);
        Assert.Equal("Excerpt & <summary> \"quoted\" 🚀", atomItem.Summary.Text);
        Assert.Equal(DateTimeOffset.Parse(article.Str("updatedAt")).ToUnixTimeSeconds(), atomItem.LastUpdatedTime.ToUnixTimeSeconds());
        AssertFullContent(((TextSyndicationContent)atomItem.Content).Text, article);
        Assert.Equal($"{FeedSetup.BaseUrl}{path}.atom", atom.Links.Single(l => l.RelationshipType == "self").Uri.ToString());

        var json = await JsonFeed(path + ".json");
        var jsonItem = Assert.Single(json["items"]!.AsArray())!;
        Assert.Equal($"urn:uuid:{id}", jsonItem.Str("id"));
        Assert.Equal(NastyTitle, jsonItem.Str("title"));
        Assert.Equal(link, jsonItem.Str("url"));
        Assert.Equal(author.Str("name"), jsonItem["authors"]![0]!.Str("name"));
        Assert.Equal([tag.Str("name")], jsonItem["tags"].Strings());
        Assert.Equal("Excerpt & <summary> \"quoted\" 🚀", jsonItem.Str("summary"));
        Assert.Equal(DateTimeOffset.Parse(article.Str("publishedAt")), DateTimeOffset.Parse(jsonItem.Str("date_published")));
        AssertFullContent(jsonItem.Str("content_html"), article);
        Assert.Equal($"{FeedSetup.BaseUrl}{path}.json", json.Str("feed_url"));
        Assert.Equal("https://news.example.test/", json.Str("home_page_url"));
    }

    [Fact]
    public async Task Drafts_scheduled_unpublished_and_deleted_articles_never_appear()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var tag = await content.Tag();
        string[] tags = [tag.Str("id")];
        var live = await content.Published(author.Str("id"), tagIds: tags);
        await content.Draft(author.Str("id"), tagIds: tags);
        var scheduled = await content.Draft(author.Str("id"), tagIds: tags);
        await editor.PostJson($"/api/v1/articles/{scheduled.Str("id")}/publish", new { publishAt = fixture.Clock.GetUtcNow().AddDays(1) })
            .Expect(HttpStatusCode.OK);
        var unpublished = await content.Published(author.Str("id"), tagIds: tags);
        await content.Unpublish(unpublished.Str("id"));
        var deleted = await content.Published(author.Str("id"), tagIds: tags);
        await editor.DeleteAsync($"/api/v1/articles/{deleted.Str("id")}").Expect(HttpStatusCode.NoContent);

        foreach (var path in new[] { $"/api/v1/feeds/authors/{author.Str("slug")}/articles", $"/api/v1/feeds/tags/{tag.Str("slug")}/articles" })
        {
            Assert.Equal([$"urn:uuid:{live.Str("id")}"], await ItemIds(path));
        }

        // The site-wide feeds too: none of the hidden ones, in any format.
        var hidden = new[] { scheduled, unpublished, deleted }.Select(a => $"urn:uuid:{a.Str("id")}").ToList();
        var site = await ItemIds("/api/v1/feeds/articles");
        Assert.Empty(site.Intersect(hidden));
    }

    [Fact]
    public async Task Feeds_list_the_newest_published_first_up_to_the_configured_count()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var ids = await content.PublishedSeries(author.Str("id"), FeedSetup.Items + 1);
        var expected = ids.AsEnumerable().Reverse().Take(FeedSetup.Items).Select(i => $"urn:uuid:{i}").ToList();

        Assert.Equal(expected, await ItemIds($"/api/v1/feeds/authors/{author.Str("id")}/articles"));

        // Site-wide: the newest article of all is this series' last one.
        Assert.Equal(expected, (await ItemIds("/api/v1/feeds/articles")).Take(FeedSetup.Items).ToList());
    }

    [Fact]
    public async Task An_items_id_is_stable_when_its_slug_changes_and_its_link_follows()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var article = await content.Published(author.Str("id"));
        var path = $"/api/v1/feeds/authors/{author.Str("slug")}/articles";
        await JsonFeed(path + ".json");

        var newSlug = article.Str("slug") + "-renamed";
        await editor.PutJson($"/api/v1/articles/{article.Str("id")}", new { title = article.Str("title"), slug = newSlug, body = "New body.", authorId = author.Str("id") })
            .Expect(HttpStatusCode.OK);

        var item = (await JsonFeed(path + ".json"))["items"]![0]!;
        Assert.Equal($"urn:uuid:{article.Str("id")}", item.Str("id"));
        Assert.Equal($"{FeedSetup.BaseUrl}/api/v1/articles/{newSlug}", item.Str("url"));
        var rssItem = (await Xml(path + ".rss", "application/rss+xml")).Items.Single();
        Assert.Equal($"urn:uuid:{article.Str("id")}", rssItem.Id);
    }

    [Theory]
    [InlineData("tags")]
    [InlineData("authors")]
    public async Task An_unknown_tag_or_author_is_a_404_problem_in_every_format(string kind)
    {
        foreach (var ext in new[] { "rss", "atom", "json" })
        {
            var problem = await fx.Anonymous().GetAsync($"/api/v1/feeds/{kind}/no-such-{kind}/articles.{ext}").ExpectProblem(HttpStatusCode.NotFound);
            Assert.Contains("no-such-", problem.Str("detail"));
        }

        await fx.Anonymous().GetAsync("/api/v1/feeds/articles.xml").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Feeds_are_cached_revalidated_tagged_for_a_cdn_compressed_and_fresh_after_a_write()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var first = await content.Published(author.Str("id"));
        var url = $"/api/v1/feeds/authors/{author.Str("slug")}/articles.rss";

        var response = await fx.Anonymous().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=60, stale-while-revalidate=300", response.Headers.CacheControl!.ToString());
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Contains($"author-{Guid.Parse(author.Str("id")):N}", response.Headers.GetValues("Surrogate-Key").Single().Split(' '));

        var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, (await fx.Anonymous().SendAsync(conditional)).StatusCode);

        foreach (var encoding in new[] { "br", "gzip" })
        {
            var compressed = new HttpRequestMessage(HttpMethod.Get, url);
            compressed.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            var answer = await fx.Anonymous().SendAsync(compressed);
            Assert.Equal(encoding, answer.Content.Headers.ContentEncoding.Single());
        }

        // A write the feed shows: the very next read has it, and the old ETag no longer matches.
        var second = await content.Published(author.Str("id"));
        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag);
        var fresh = await fx.Anonymous().SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        var ids = SyndicationFeed.Load(XmlReader.Create(await fresh.Content.ReadAsStreamAsync())).Items.Select(i => i.Id).ToList();
        Assert.Equal([$"urn:uuid:{second.Str("id")}", $"urn:uuid:{first.Str("id")}"], ids);

        // Renaming the author changes what the feed shows: fresh too.
        await editor.PutJson($"/api/v1/authors/{author.Str("id")}", new { name = "Renamed Feed Author" }).Expect(HttpStatusCode.OK);
        var renamed = await JsonFeed($"/api/v1/feeds/authors/{author.Str("id")}/articles.json");
        Assert.Equal("Renamed Feed Author", renamed["items"]![0]!["authors"]![0]!.Str("name"));
    }

    [Fact]
    public async Task A_feed_many_times_larger_than_a_write_slice_comes_from_the_cache_byte_for_byte()
    {
        var content = new ContentBuilder(await fx.Editor());
        var author = await content.Author();
        for (var i = 0; i < 2; i++)
        {
            var paragraphs = Enumerable.Range(0, 1500).Select(p => $"Paragraph {p} of article {i}: grades & tonnes <rose> — Ελληνικά 🚀.");
            await content.Publish((await content.Draft(author.Str("id"), body: string.Join("\n\n", paragraphs))).Str("id"));
        }

        var url = $"/api/v1/feeds/authors/{author.Str("slug")}/articles.rss";
        foreach (var encoding in new[] { null, "br", "gzip" })
        {
            async Task<HttpResponseMessage> Get()
            {
                var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (encoding is not null)
                {
                    request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
                }

                var response = await fx.Anonymous().SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return response;
            }

            var filled = await Get();
            var hit = await Get();
            Assert.NotNull(hit.Headers.Age);
            var bytes = await hit.Content.ReadAsByteArrayAsync();
            Assert.Equal(await filled.Content.ReadAsByteArrayAsync(), bytes);
            Assert.Equal(bytes.Length, hit.Content.Headers.ContentLength ?? bytes.Length);
            if (encoding is null)
            {
                Assert.True(bytes.Length > 3 * Api.Common.Http.BoundedResponseBuffers.SliceBytes, $"{bytes.Length} bytes");
                Assert.Equal(2, SyndicationFeed.Load(XmlReader.Create(new MemoryStream(bytes))).Items.Count());
            }
        }
    }

    [Fact]
    public async Task If_modified_since_is_answered_with_304_until_content_changes()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var article = await content.Published(author.Str("id"));
        var url = $"/api/v1/feeds/authors/{author.Str("slug")}/articles.atom";

        // Right after a write its second is not settled: no Last-Modified (a write in the same second could follow).
        Assert.Null((await fx.Anonymous().GetAsync(url)).Content.Headers.LastModified);
        var other = await content.Author();
        fixture.Clock.Advance(TimeSpan.FromSeconds(10));

        // A write this feed does not show: a new generation (the cached copy without Last-Modified is not served again).
        await content.Published(other.Str("id"));
        fixture.Clock.Advance(TimeSpan.FromSeconds(10));

        var response = await fx.Anonymous().GetAsync(url);
        var lastModified = response.Content.Headers.LastModified;
        Assert.NotNull(lastModified);
        Assert.True(lastModified <= fixture.Clock.GetUtcNow());

        Assert.Equal(HttpStatusCode.NotModified, (await Since(url, lastModified.Value)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Since(url, lastModified.Value.AddSeconds(-1))).StatusCode);

        await content.Unpublish(article.Str("id"));
        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        var changed = await Since(url, lastModified.Value);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Empty(SyndicationFeed.Load(XmlReader.Create(await changed.Content.ReadAsStreamAsync())).Items);
    }

    [Fact]
    public async Task With_full_content_off_items_carry_the_excerpt_only()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var article = await content.Published(author.Str("id"));
        var excerptOnly = fx.AnotherInstance(new Dictionary<string, string?> { ["Cms:Feeds:FullContent"] = "false" }).CreateClient();
        var path = $"/api/v1/feeds/authors/{author.Str("slug")}/articles";

        var rss = SyndicationFeed.Load(XmlReader.Create(await excerptOnly.GetStreamAsync(path + ".rss"))).Items.Single();
        Assert.Empty(rss.ElementExtensions.ReadElementExtensions<string>("encoded", ContentNs.NamespaceName));
        Assert.Equal(article.Str("excerpt"), rss.Summary.Text);

        var atom = SyndicationFeed.Load(XmlReader.Create(await excerptOnly.GetStreamAsync(path + ".atom"))).Items.Single();
        Assert.Null(atom.Content);
        Assert.Equal(article.Str("excerpt"), atom.Summary.Text);

        var json = JsonNode.Parse(await excerptOnly.GetStringAsync(path + ".json"))!;
        JsonSchemas.AssertValid("jsonfeed-1.1.schema.json", json);
        var item = json["items"]![0]!;
        Assert.Null(item["content_html"]);
        Assert.Equal(article.Str("excerpt"), item.Str("content_text"));
    }

    [Fact]
    public async Task The_json_feed_schema_rejects_what_the_specification_forbids()
    {
        // The schema must be able to fail: an item without content, a wrong version, a misspelt member.
        var valid = await JsonFeed("/api/v1/feeds/articles.json");
        foreach (var broken in new Func<JsonNode, JsonNode>[]
                 {
                     f => { f["version"] = "https://jsonfeed.org/version/2"; return f; },
                     f => { f["items"]!.AsArray().Add(new JsonObject { ["id"] = "x" }); return f; },
                     f => { f["homepage_url"] = "https://x.test/"; return f; },
                     f => { f["items"]!.AsArray().Add(new JsonObject { ["id"] = "x", ["content_text"] = "t", ["date_published"] = "yesterday" }); return f; },
                 })
        {
            Assert.ThrowsAny<Exception>(() => JsonSchemas.AssertValid("jsonfeed-1.1.schema.json", broken(valid.DeepClone())));
        }
    }

    private static void AssertFullContent(string html, JsonNode article)
    {
        // Highlights first, as a list, then the body as rendered.
        var list = html.IndexOf("<ul class=\"highlights\">", StringComparison.Ordinal);
        Assert.Equal(0, list);
        Assert.Contains("<li>Tonnes &amp; &lt;b&gt;grades&lt;/b&gt; &quot;up&quot; 💎 — 中文</li>", html);
        Assert.EndsWith(article.Str("bodyHtml"), html);
        Assert.True(html.IndexOf(article.Str("bodyHtml"), StringComparison.Ordinal) > html.IndexOf("</ul>", StringComparison.Ordinal));
    }

    private Task<HttpResponseMessage> Since(string url, DateTimeOffset since)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfModifiedSince = since;
        return fx.Anonymous().SendAsync(request);
    }

    private async Task<SyndicationFeed> Xml(string url, string mediaType)
    {
        var response = await fx.Anonymous().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        return SyndicationFeed.Load(XmlReader.Create(await response.Content.ReadAsStreamAsync()));
    }

    private async Task<JsonNode> JsonFeed(string url)
    {
        var response = await fx.Anonymous().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/feed+json", response.Content.Headers.ContentType!.MediaType);
        var feed = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        JsonSchemas.AssertValid("jsonfeed-1.1.schema.json", feed);
        return feed;
    }

    /// <summary>The item ids of a feed in all three formats, which must agree.</summary>
    private async Task<List<string>> ItemIds(string pathWithoutExtension)
    {
        var rss = (await Xml(pathWithoutExtension + ".rss", "application/rss+xml")).Items.Select(i => i.Id).ToList();
        var atom = (await Xml(pathWithoutExtension + ".atom", "application/atom+xml")).Items.Select(i => i.Id).ToList();
        var json = (await JsonFeed(pathWithoutExtension + ".json"))["items"]!.AsArray().Select(i => i!.Str("id")).ToList();
        Assert.Equal(rss, atom);
        Assert.Equal(rss, json);
        return rss;
    }
}

public sealed class FeedTestsOnSqlite(FeedSqliteFixture fx) : FeedTests(fx), IClassFixture<FeedSqliteFixture>;

public sealed class FeedTestsOnPostgres(FeedPostgresFixture fx) : FeedTests(fx.OrSkipFeeds()), IClassFixture<FeedPostgresFixture>;
