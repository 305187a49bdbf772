using System.Net;
using System.Text.Json.Nodes;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Syndication;

/// <summary>
/// Articles as IPTC ninjs 2.4: every response here is validated against IPTC's published JSON Schema (vendored under
/// Schemas/, with its licence), by a validator we did not write.
/// </summary>
public abstract class NinjsTests(IFeedFixture fixture)
{
    private const string Schema = "ninjs-schema_2.4.json";
    private readonly CmsApiFixture fx = fixture.Api;

    [Fact]
    public async Task A_published_article_is_a_valid_ninjs_item_with_every_mapped_field()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author("Zoë O'Brien & Co");
        var tag = await content.Tag(Infrastructure.Api.Unique("Gold & <Silver>"));
        var draft = await editor.PostJson("/api/v1/articles", new
        {
            title = "Q&A: <b>ore</b> \"grades\" 🚀 — Ελληνικά 日本語",
            body = "## Section\n\nOre & grades \"rose\" <10%. 🚀",
            excerpt = "Short & sweet",
            highlights = new[] { "One & <two>", "Three 💎" },
            authorId = author.Str("id"),
            tagIds = new[] { tag.Str("id") },
            source = new { name = "Example Analysis Group", url = "https://example.org/report", publishedOn = "2026-01-20" },
        }).Expect(HttpStatusCode.Created);
        var article = await content.Publish(draft.Str("id"));
        var id = article.Str("id");

        var bySlug = await Ninjs($"/api/v1/syndication/ninjs/{article.Str("slug")}");
        var byId = await Ninjs($"/api/v1/syndication/ninjs/{id}");
        Assert.True(JsonNode.DeepEquals(bySlug, byId));

        Assert.Equal($"urn:uuid:{id}", bySlug.Str("uri"));
        Assert.Equal("text", bySlug.Str("type"));
        Assert.Equal("usable", bySlug.Str("pubstatus"));
        Assert.Equal(article.Int("version").ToString(), bySlug.Str("version"));
        Assert.Equal("2.4", bySlug["standard"]!.Str("version"));
        Assert.Equal(DateTimeOffset.Parse(article.Str("publishedAt")), DateTimeOffset.Parse(bySlug.Str("firstcreated")));
        Assert.Equal(DateTimeOffset.Parse(article.Str("createdAt")), DateTimeOffset.Parse(bySlug.Str("contentcreated")));
        Assert.True(DateTimeOffset.Parse(bySlug.Str("versioncreated")) >= DateTimeOffset.Parse(bySlug.Str("firstcreated")));
        Assert.Equal("en", bySlug.Str("language"));
        Assert.Equal(article.Str("slug"), bySlug.Str("slugline"));
        Assert.Equal(article.Str("title"), bySlug["headlines"]![0]!.Str("value"));

        var descriptions = bySlug["descriptions"]!.AsArray();
        Assert.Equal(["summary", "highlight", "highlight"], descriptions.Select(d => d!.Str("role")));
        Assert.Equal(["Short & sweet", "One & <two>", "Three 💎"], descriptions.Select(d => d!.Str("value")));

        var bodies = bySlug["bodies"]!.AsArray();
        Assert.Equal(article.Str("bodyHtml"), bodies.Single(b => b!.Str("contenttype") == "text/html")!.Str("value"));
        var plain = bodies.Single(b => b!.Str("contenttype") == "text/plain")!.Str("value");
        Assert.Contains("Ore & grades \"rose\" <10%. 🚀", plain);
        Assert.DoesNotContain("<", plain.Replace("<10%", ""));
        Assert.DoesNotContain("##", plain);

        Assert.Equal(author.Str("name"), bySlug.Str("by"));
        var person = bySlug["people"]![0]!;
        Assert.Equal(("author", author.Str("name"), $"urn:uuid:{author.Str("id")}"), (person.Str("rel"), person.Str("name"), person.Str("uri")));
        var subject = bySlug["subjects"]![0]!;
        Assert.Equal((tag.Str("name"), $"urn:uuid:{tag.Str("id")}", tag.Str("slug")), (subject.Str("name"), subject.Str("uri"), subject.Str("literal")));
        var source = bySlug["infosources"]![0]!;
        Assert.Equal(("Example Analysis Group", "https://example.org/report", "source"), (source.Str("name"), source.Str("uri"), source.Str("role")));
        Assert.Equal($"{FeedSetup.BaseUrl}/api/v1/articles/{article.Str("slug")}", bySlug["renditions"]![0]!.Str("href"));
    }

    [Fact]
    public async Task Drafts_scheduled_and_unpublished_articles_are_not_there_by_id_slug_or_list()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var draft = await content.Draft(author.Str("id"));
        var scheduled = await content.Draft(author.Str("id"));
        await editor.PostJson($"/api/v1/articles/{scheduled.Str("id")}/publish", new { publishAt = fixture.Clock.GetUtcNow().AddDays(1) })
            .Expect(HttpStatusCode.OK);
        var unpublished = await content.Published(author.Str("id"));
        await content.Unpublish(unpublished.Str("id"));

        foreach (var hidden in new[] { draft, scheduled, unpublished })
        {
            // Not for anonymous callers, and not for an editor's key either: ninjs is for published content only.
            await fx.Anonymous().GetAsync($"/api/v1/syndication/ninjs/{hidden.Str("id")}").ExpectProblem(HttpStatusCode.NotFound);
            await editor.GetAsync($"/api/v1/syndication/ninjs/{hidden.Str("slug")}").ExpectProblem(HttpStatusCode.NotFound);
        }

        var listed = await AllListed();
        Assert.Empty(listed.Intersect(new[] { draft, scheduled, unpublished }.Select(a => $"urn:uuid:{a.Str("id")}")));
    }

    [Fact]
    public async Task The_list_pages_through_every_published_article_newest_first_once_each()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var ids = await content.PublishedSeries(author.Str("id"), 5);

        var listed = await AllListed(limit: 2);
        Assert.Equal(listed.Count, listed.Distinct().Count());
        var mine = listed.Where(u => ids.Contains(u["urn:uuid:".Length..])).ToList();
        Assert.Equal(ids.AsEnumerable().Reverse().Select(i => $"urn:uuid:{i}"), mine);
    }

    [Fact]
    public async Task An_old_slug_redirects_and_a_304_answers_a_current_etag()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var article = await content.Published(author.Str("id"));
        var newSlug = article.Str("slug") + "-moved";
        await editor.PutJson($"/api/v1/articles/{article.Str("id")}", new { title = article.Str("title"), slug = newSlug, body = "Body.", authorId = author.Str("id") })
            .Expect(HttpStatusCode.OK);

        var noRedirects = fx.Factory.CreateClient(new() { AllowAutoRedirect = false });
        var moved = await noRedirects.GetAsync($"/api/v1/syndication/ninjs/{article.Str("slug")}");
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal($"/api/v1/syndication/ninjs/{newSlug}", moved.Headers.Location!.ToString());

        var current = await fx.Anonymous().GetAsync($"/api/v1/syndication/ninjs/{newSlug}");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/syndication/ninjs/{newSlug}");
        request.Headers.IfNoneMatch.Add(current.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await fx.Anonymous().SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Bad_paging_is_a_field_error_and_an_unknown_article_a_404()
    {
        await fx.Anonymous().GetAsync("/api/v1/syndication/ninjs?limit=0").ExpectValidation("limit");
        await fx.Anonymous().GetAsync("/api/v1/syndication/ninjs?limit=101").ExpectValidation("limit");
        await fx.Anonymous().GetAsync("/api/v1/syndication/ninjs?cursor=not-a-cursor").ExpectValidation("cursor");
        await fx.Anonymous().GetAsync("/api/v1/syndication/ninjs/no-such-article").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_vendored_schema_rejects_what_ninjs_forbids()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var article = await content.Published((await content.Author()).Str("id"));
        var valid = await Ninjs($"/api/v1/syndication/ninjs/{article.Str("id")}");
        foreach (var broken in new Func<JsonObject, JsonNode>[]
                 {
                     n => { n.Remove("uri"); return n; },
                     n => { n["pubstatus"] = "published"; return n; },
                     n => { n["headline"] = "misspelt member"; return n; },
                     n => { n["firstcreated"] = "yesterday"; return n; },
                 })
        {
            Assert.ThrowsAny<Exception>(() => JsonSchemas.AssertValid(Schema, broken(valid.DeepClone().AsObject())));
        }
    }

    private async Task<JsonNode> Ninjs(string url)
    {
        var response = await fx.Anonymous().GetAsync(url);
        var item = await response.Expect(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        JsonSchemas.AssertValid(Schema, item);
        return item;
    }

    /// <summary>Every item of every page, each validated.</summary>
    private async Task<List<string>> AllListed(int limit = 100)
    {
        var uris = new List<string>();
        string? url = $"/api/v1/syndication/ninjs?limit={limit}";
        while (url is not null)
        {
            var response = await fx.Anonymous().GetAsync(url);
            var page = await response.Expect(HttpStatusCode.OK);
            foreach (var item in page.Items())
            {
                JsonSchemas.AssertValid(Schema, item!);
                uris.Add(item!.Str("uri"));
            }

            url = response.NextLink();
        }

        return uris;
    }
}

public sealed class NinjsTestsOnSqlite(FeedSqliteFixture fx) : NinjsTests(fx), IClassFixture<FeedSqliteFixture>;

public sealed class NinjsTestsOnPostgres(FeedPostgresFixture fx) : NinjsTests(fx.OrSkipFeeds()), IClassFixture<FeedPostgresFixture>;
