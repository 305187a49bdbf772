using System.Net;
using System.Net.Http.Headers;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Delivery;

/// <summary>
/// HTTP caching that is never stale: the output cache is on (the default) in these fixtures, so every assertion
/// that "the very next anonymous read is fresh" runs against a warm cache.
/// </summary>
public abstract class CachingTests(CmsApiFixture fx)
{
    [Fact]
    public async Task Anonymous_reads_are_public_and_cacheable_and_keyed_reads_are_private()
    {
        var (_, article) = await PublishedArticle();
        var anonymous = await fx.Anonymous().GetAsync($"/api/v1/articles/{article.Str("slug")}");
        Assert.Equal("public, max-age=60, stale-while-revalidate=300", anonymous.Headers.CacheControl!.ToString());
        Assert.Contains("Authorization", anonymous.Headers.Vary);
        Assert.False(anonymous.Headers.ETag!.IsWeak);

        var keyed = await (await fx.Editor()).GetAsync($"/api/v1/articles/{article.Str("slug")}");
        Assert.True(keyed.Headers.CacheControl!.Private);
        Assert.True(keyed.Headers.CacheControl.NoStore);

        var list = await fx.Anonymous().GetAsync("/api/v1/articles?limit=3");
        Assert.True(list.Headers.CacheControl!.Public);
        Assert.NotNull(list.Headers.ETag);
    }

    [Fact]
    public async Task Responses_name_their_article_author_and_tags_for_a_cdn_to_purge()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var tag = await content.Tag();
        var article = await content.Published(author.Str("id"), tagIds: [tag.Str("id")]);

        var response = await fx.Anonymous().GetAsync($"/api/v1/articles/{article.Str("slug")}");
        var keys = response.Headers.GetValues("Surrogate-Key").Single().Split(' ');
        Assert.Contains($"article-{Guid.Parse(article.Str("id")):N}", keys);
        Assert.Contains($"author-{Guid.Parse(author.Str("id")):N}", keys);
        Assert.Contains($"tag-{Guid.Parse(tag.Str("id")):N}", keys);
        Assert.Equal(string.Join(',', keys), response.Headers.GetValues("Cache-Tag").Single());

        var list = await fx.Anonymous().GetAsync($"/api/v1/articles?tag={tag.Str("slug")}");
        Assert.Contains($"tag-{Guid.Parse(tag.Str("id")):N}", list.Headers.GetValues("Surrogate-Key").Single().Split(' '));
    }

    [Fact]
    public async Task After_update_publish_unpublish_slug_change_and_delete_the_next_anonymous_read_is_fresh()
    {
        var (editor, article) = await PublishedArticle();
        var id = article.Str("id");
        var slug = article.Str("slug");
        var reader = fx.Anonymous();
        var listUrl = $"/api/v1/articles?author={article["author"]!.Str("id")}";

        // Warm every cache on the way.
        await reader.GetAsync($"/api/v1/articles/{slug}").Expect(HttpStatusCode.OK);
        await reader.GetAsync(listUrl).Expect(HttpStatusCode.OK);

        await editor.PutJson($"/api/v1/articles/{id}", new { title = "Fresh title", body = "New body.", authorId = article["author"]!.Str("id") })
            .Expect(HttpStatusCode.OK);
        Assert.Equal("Fresh title", (await reader.GetAsync($"/api/v1/articles/{slug}").Expect(HttpStatusCode.OK)).Str("title"));
        Assert.Equal("Fresh title", (await reader.GetAsync(listUrl).Expect(HttpStatusCode.OK))["items"]![0]!.Str("title"));

        await editor.PostAsync($"/api/v1/articles/{id}/unpublish", null).Expect(HttpStatusCode.OK);
        await reader.GetAsync($"/api/v1/articles/{slug}").ExpectProblem(HttpStatusCode.NotFound);
        Assert.Empty((await reader.GetAsync(listUrl).Expect(HttpStatusCode.OK))["items"]!.AsArray());

        await editor.PostAsync($"/api/v1/articles/{id}/publish", null).Expect(HttpStatusCode.OK);
        await reader.GetAsync($"/api/v1/articles/{slug}").Expect(HttpStatusCode.OK);
        Assert.Single((await reader.GetAsync(listUrl).Expect(HttpStatusCode.OK))["items"]!.AsArray());

        await editor.PutJson($"/api/v1/articles/{id}", new { title = "Fresh title", slug = slug + "-moved", body = "New body.", authorId = article["author"]!.Str("id") })
            .Expect(HttpStatusCode.OK);
        var noRedirects = fx.Factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.MovedPermanently, (await noRedirects.GetAsync($"/api/v1/articles/{slug}")).StatusCode);
        Assert.Equal(slug + "-moved", (await reader.GetAsync(listUrl).Expect(HttpStatusCode.OK))["items"]![0]!.Str("slug"));

        await editor.DeleteAsync($"/api/v1/articles/{id}").Expect(HttpStatusCode.NoContent);
        await reader.GetAsync($"/api/v1/articles/{slug}-moved").ExpectProblem(HttpStatusCode.NotFound);
        Assert.Empty((await reader.GetAsync(listUrl).Expect(HttpStatusCode.OK))["items"]!.AsArray());
    }

    [Fact]
    public async Task Renaming_an_author_or_a_tag_refreshes_every_page_that_shows_them()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var tag = await content.Tag();
        var article = await content.Published(author.Str("id"), tagIds: [tag.Str("id")]);
        var reader = fx.Anonymous();
        var url = $"/api/v1/articles/{article.Str("slug")}";
        var byTag = $"/api/v1/articles?tag={tag.Str("id")}";
        await reader.GetAsync(url).Expect(HttpStatusCode.OK);
        await reader.GetAsync(byTag).Expect(HttpStatusCode.OK);

        await editor.PutJson($"/api/v1/authors/{author.Str("id")}", new { name = "Renamed Author" }).Expect(HttpStatusCode.OK);
        await editor.PutJson($"/api/v1/tags/{tag.Str("id")}", new { name = "Renamed Tag" }).Expect(HttpStatusCode.OK);

        var fresh = await reader.GetAsync(url).Expect(HttpStatusCode.OK);
        Assert.Equal("Renamed Author", fresh["author"]!.Str("name"));
        Assert.Equal("Renamed Tag", fresh["tags"]![0]!.Str("name"));
        var item = (await reader.GetAsync(byTag).Expect(HttpStatusCode.OK))["items"]![0]!;
        Assert.Equal("Renamed Author", item["author"]!.Str("name"));

        await editor.DeleteAsync($"/api/v1/tags/{tag.Str("id")}").Expect(HttpStatusCode.NoContent);
        Assert.Empty((await reader.GetAsync(url).Expect(HttpStatusCode.OK))["tags"]!.AsArray());
    }

    [Fact]
    public async Task An_anonymous_caller_never_gets_an_editors_draft_view_from_the_cache()
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();
        var draft = await new ContentBuilder(editor).Draft(author.Str("id"));
        var url = $"/api/v1/articles/{draft.Str("slug")}";
        var drafts = $"/api/v1/articles?author={author.Str("id")}&status=draft";

        // The editor reads first, twice, so a cache that ignored the key would now hold the draft.
        await editor.GetAsync(url).Expect(HttpStatusCode.OK);
        await editor.GetAsync(url).Expect(HttpStatusCode.OK);
        await editor.GetAsync(drafts).Expect(HttpStatusCode.OK);

        await fx.Anonymous().GetAsync(url).ExpectProblem(HttpStatusCode.NotFound);
        await fx.Anonymous().GetAsync(drafts).ExpectProblem(HttpStatusCode.Unauthorized);
        var list = await fx.Anonymous().GetAsync($"/api/v1/articles?author={author.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Empty(list["items"]!.AsArray());
    }

    [Fact]
    public async Task A_cached_list_answers_if_none_match_with_304()
    {
        var (_, article) = await PublishedArticle();
        var url = $"/api/v1/articles?author={article["author"]!.Str("id")}";
        var first = await fx.Anonymous().GetAsync(url);
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await fx.Anonymous().SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task Large_responses_are_compressed_when_the_client_asks()
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();
        var long_ = string.Join("\n\n", Enumerable.Repeat("A paragraph of body text that makes the response large enough to compress.", 60));
        var draft = await new ContentBuilder(editor).Draft(author.Str("id"), body: long_);
        await editor.PostAsync($"/api/v1/articles/{draft.Str("id")}/publish", null).Expect(HttpStatusCode.OK);

        foreach (var encoding in new[] { "br", "gzip" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{draft.Str("slug")}");
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            var response = await fx.Anonymous().SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(encoding, response.Content.Headers.ContentEncoding.Single());
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length < long_.Length / 4);
        }
    }

    [Fact]
    public async Task A_compressed_body_has_its_own_strong_etag_that_revalidates_and_guards_writes()
    {
        var (editor, article) = await PublishedArticle();
        var url = $"/api/v1/articles/{article.Str("slug")}";
        var identity = (await fx.Anonymous().GetAsync(url)).Headers.ETag!;
        foreach (var coding in new[] { "br", "gzip" })
        {
            var compressed = await fx.Anonymous().SendAsync(Request(HttpMethod.Get, url, coding));
            Assert.Equal(coding, compressed.Content.Headers.ContentEncoding.Single());
            var tag = compressed.Headers.ETag!;
            Assert.False(tag.IsWeak);
            Assert.Equal($"{identity.Tag[..^1]}-{coding}\"", tag.Tag);

            var head = await fx.Anonymous().SendAsync(Request(HttpMethod.Head, url, coding));
            Assert.Equal(tag, head.Headers.ETag);

            // A cache revalidating the compressed body it holds gets a 304 naming that body's tag.
            var revalidated = await fx.Anonymous().SendAsync(Request(HttpMethod.Get, url, coding, tag));
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
            Assert.Equal(tag, revalidated.Headers.ETag);

            // Each tag names one representation: neither revalidates the other coding's.
            Assert.Equal(HttpStatusCode.OK, (await fx.Anonymous().SendAsync(Request(HttpMethod.Get, url, null, tag))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await fx.Anonymous().SendAsync(Request(HttpMethod.Get, url, coding, identity))).StatusCode);
            var identityRevalidated = await fx.Anonymous().SendAsync(Request(HttpMethod.Get, url, null, identity));
            Assert.Equal(HttpStatusCode.NotModified, identityRevalidated.StatusCode);
            Assert.Equal(identity, identityRevalidated.Headers.ETag);
        }

        // If-Match compares the row version, so the tag an editor read through compression guards a write.
        var read = await editor.SendAsync(Request(HttpMethod.Get, $"/api/v1/articles/{article.Str("id")}", "br"));
        Assert.EndsWith("-br\"", read.Headers.ETag!.Tag);
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/articles/{article.Str("id")}")
        {
            Content = new StringContent("""{"excerpt":"Read through brotli."}""", System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        patch.Headers.IfMatch.Add(read.Headers.ETag!);
        await editor.SendAsync(patch).Expect(HttpStatusCode.OK);

        var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/articles/{article.Str("id")}")
        {
            Content = new StringContent("""{"excerpt":"Lost update."}""", System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        stale.Headers.IfMatch.Add(read.Headers.ETag!);
        await editor.SendAsync(stale).Expect(HttpStatusCode.PreconditionFailed);
    }

    private static HttpRequestMessage Request(HttpMethod method, string url, string? coding, EntityTagHeaderValue? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (coding is not null)
        {
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(coding));
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }

        return request;
    }

    private async Task<(HttpClient Editor, System.Text.Json.Nodes.JsonNode Article)> PublishedArticle()
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();
        return (editor, await new ContentBuilder(editor).Published(author.Str("id")));
    }
}

public sealed class CachingTestsOnSqlite(SqliteFixture fx) : CachingTests(fx), IClassFixture<SqliteFixture>;

public sealed class CachingTestsOnPostgres(PostgresFixture fx) : CachingTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
