using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Editorial;

/// <summary>No lost updates: strong ETags, If-Match (412/428), If-None-Match (304), merge patch.</summary>
public abstract class ConcurrencyTests(IEditorialFixture fx)
{
    private readonly CmsApiFixture api = fx.Api;

    [Fact]
    public async Task Every_representation_carries_a_strong_etag_and_the_same_version_in_the_body()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(api);
        Assert.Matches("^\"1-[0-9a-f]{16}\"$", etag);
        Assert.Equal(1, article["version"]!.GetValue<int>());

        var author = await editor.GetAsync($"/api/v1/authors/{article["author"]!.Str("id")}");
        Assert.False(author.Headers.ETag!.IsWeak);
        Assert.Equal(1, (await author.Json())["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_write_without_if_match_is_428_and_with_a_stale_etag_is_412_with_the_current_version()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(api);
        var url = $"/api/v1/articles/{article.Str("id")}";

        var missing = await editor.PutJson(url, EditorClient.Body(article, "No precondition")).ExpectProblem(HttpStatusCode.PreconditionRequired);
        Assert.Contains("If-Match", missing.Str("detail"));

        var fresh = await EditorClient.Send(editor, HttpMethod.Put, url, etag, EditorClient.Body(article, "First edit"));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag!.ToString());

        var stale = await EditorClient.Send(editor, HttpMethod.Put, url, etag, EditorClient.Body(article, "Second edit from an old copy"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var problem = await stale.Json();
        Assert.Equal(2, problem["currentVersion"]!.GetValue<int>());

        var current = await editor.GetAsync(url).Expect(HttpStatusCode.OK);
        Assert.Equal("First edit", current.Str("title"));
    }

    [Fact]
    public async Task Publish_unpublish_and_delete_honour_if_match_too()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(api);
        var url = $"/api/v1/articles/{article.Str("id")}";
        await editor.PostAsync($"{url}/publish", null).ExpectProblem(HttpStatusCode.PreconditionRequired);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await EditorClient.Send(editor, HttpMethod.Post, $"{url}/publish", "\"7-0000000000000000\"")).StatusCode);

        var published = await EditorClient.Send(editor, HttpMethod.Post, $"{url}/publish", etag);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await EditorClient.Send(editor, HttpMethod.Delete, url, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await EditorClient.Send(editor, HttpMethod.Delete, url, published.Headers.ETag!.ToString())).StatusCode);
    }

    [Fact]
    public async Task If_none_match_answers_304_with_the_same_etag_until_the_article_changes()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(api);
        var url = $"/api/v1/articles/{article.Str("slug")}";
        var publishedEtag = (await EditorClient.Send(editor, HttpMethod.Post, $"{url}/publish", etag)).Headers.ETag!.ToString();

        var anonymous = api.Anonymous();
        var first = await anonymous.GetAsync(url);
        Assert.Equal(publishedEtag, first.Headers.ETag!.ToString());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.TryAddWithoutValidation("If-None-Match", publishedEtag);
        var notModified = await anonymous.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(publishedEtag, notModified.Headers.ETag!.ToString());
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        await EditorClient.Send(editor, HttpMethod.Put, url, publishedEtag, EditorClient.Body(article, "Changed after caching"));
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.TryAddWithoutValidation("If-None-Match", publishedEtag);
        var changed = await anonymous.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("Changed after caching", (await changed.Json()).Str("title"));
    }

    [Fact]
    public async Task Renaming_the_author_changes_the_article_etag_so_a_304_is_never_stale()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(api);
        var url = $"/api/v1/articles/{article.Str("id")}";
        await EditorClient.Send(editor, HttpMethod.Post, $"{url}/publish", etag);
        var before = (await api.Anonymous().GetAsync(url)).Headers.ETag!.ToString();

        var authorId = article["author"]!.Str("id");
        await editor.PutJson($"/api/v1/authors/{authorId}", new { name = "Renamed " + Guid.NewGuid().ToString("N")[..6] }).Expect(HttpStatusCode.OK);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.TryAddWithoutValidation("If-None-Match", before);
        var response = await api.Anonymous().SendAsync(conditional);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Renamed ", (await response.Json())["author"]!.Str("name"));
    }

    [Fact]
    public async Task Of_parallel_writers_with_the_same_etag_exactly_one_wins()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(api);
        var url = $"/api/v1/articles/{article.Str("id")}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            EditorClient.Send(editor, HttpMethod.Put, url, etag, EditorClient.Body(article, $"Writer {i}"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        var current = await editor.GetAsync(url).Expect(HttpStatusCode.OK);
        Assert.Equal(2, current["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_merge_patch_changes_one_field_and_keeps_the_rest()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(api);
        var url = $"/api/v1/articles/{article.Str("id")}";

        var patched = await EditorClient.Patch(editor, url, etag, """{ "title": "Only the title changes" }""");
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var body = await patched.Json();
        Assert.Equal("Only the title changes", body.Str("title"));
        Assert.Equal(article.Str("body"), body.Str("body"));
        Assert.Equal(article["highlights"]!.Strings(), body["highlights"]!.Strings());
        Assert.Equal(article["source"]!.ToJsonString(), body["source"]!.ToJsonString());
        Assert.Equal(article.Str("slug"), body.Str("slug"));

        var newEtag = patched.Headers.ETag!.ToString();
        var removeSource = await EditorClient.Patch(editor, url, newEtag, """{ "source": null }""");
        Assert.Null((await removeSource.Json())["source"]);

        var problem = await EditorClient.Patch(editor, url, "*", """{ "status": "published" }""");
        Assert.Equal(HttpStatusCode.BadRequest, problem.StatusCode);
        Assert.NotNull((await problem.Json())["errors"]!["status"]);

        var required = await EditorClient.Patch(editor, url, "*", """{ "title": null }""");
        Assert.Equal(HttpStatusCode.BadRequest, required.StatusCode);
        Assert.NotNull((await required.Json())["errors"]!["title"]);

        var wrongType = await EditorClient.Patch(editor, url, "*", """{ "highlights": "not a list" }""");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);

        using var plainJson = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(new { title = "x" }) };
        plainJson.Headers.TryAddWithoutValidation("If-Match", "*");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await editor.SendAsync(plainJson)).StatusCode);

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await EditorClient.Patch(editor, url, etag, """{ "title": "stale" }""")).StatusCode);
    }

    [Fact]
    public async Task Authors_and_tags_honour_if_match_when_given_but_do_not_require_it()
    {
        var editor = await api.Editor();
        var author = await editor.PostJson("/api/v1/authors", new { name = Infrastructure.Api.Unique("Author") }).Expect(HttpStatusCode.Created);
        var url = $"/api/v1/authors/{author.Str("id")}";
        await editor.PutJson(url, new { name = "Without precondition" }).Expect(HttpStatusCode.OK);
        var stale = await EditorClient.Send(editor, HttpMethod.Put, url, "\"1-0000000000000000\"", new { name = "Stale" });
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        var tag = await editor.PostJson("/api/v1/tags", new { name = Infrastructure.Api.Unique("Tag") }).Expect(HttpStatusCode.Created);
        var staleDelete = await EditorClient.Send(editor, HttpMethod.Delete, $"/api/v1/tags/{tag.Str("id")}", "\"9-0000000000000000\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);
    }
}

public sealed class ConcurrencyTestsOnSqlite(EditorialSqliteFixture fx) : ConcurrencyTests(fx), IClassFixture<EditorialSqliteFixture>;

public sealed class ConcurrencyTestsOnPostgres(EditorialPostgresFixture fx) : ConcurrencyTests(fx.OrSkipEditorial()), IClassFixture<EditorialPostgresFixture>;
