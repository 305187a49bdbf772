using System.Net;
using System.Text.Json.Nodes;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Common;

/// <summary>HEAD on every GET route (RFC 9110 §9.3.2): the same status and headers as the GET, and no body.</summary>
public abstract class HeadTests(CmsApiFixture fx)
{
    /// <summary>Headers that legitimately differ between two responses.</summary>
    private static readonly HashSet<string> Volatile = new(StringComparer.OrdinalIgnoreCase) { "Date", "Age", "traceparent" };

    private static async Task<HttpResponseMessage> Head(HttpClient client, string path, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Head, path);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await client.SendAsync(request);
    }

    private static Dictionary<string, string> Headers(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers)
            .Where(h => !Volatile.Contains(h.Key))
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);

    private static async Task AssertMirrors(HttpResponseMessage get, HttpResponseMessage head, string what)
    {
        Assert.True(get.StatusCode == head.StatusCode, $"{what}: GET answered {(int)get.StatusCode}, HEAD {(int)head.StatusCode}");
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        var getHeaders = Headers(get);
        var headHeaders = Headers(head);
        foreach (var (name, value) in getHeaders)
        {
            // RFC 9110 §8.6: a HEAD may leave Content-Length out (a JSON body written as it is serialized has none to give).
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !headHeaders.ContainsKey(name))
            {
                continue;
            }

            Assert.True(headHeaders.TryGetValue(name, out var headValue), $"{what}: HEAD lacks {name}");
            Assert.True(value == headValue, $"{what}: {name} is '{value}' on GET but '{headValue}' on HEAD");
        }
    }

    [Fact]
    public async Task Head_of_a_published_article_has_the_get_headers_and_no_body()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var article = await content.Published((await content.Author()).Str("id"));
        var path = $"/api/v1/articles/{article.Str("slug")}";

        var get = await fx.Anonymous().GetAsync(path);
        var head = await Head(fx.Anonymous(), path);

        await AssertMirrors(get, head, path);
        Assert.NotNull(head.Headers.ETag);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Contains("public", head.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Head_answers_a_current_etag_with_304()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var article = await content.Published((await content.Author()).Str("id"));
        var path = $"/api/v1/articles/{article.Str("slug")}";
        var etag = (await Head(fx.Anonymous(), path)).Headers.ETag!.ToString();

        var head = await Head(fx.Anonymous(), path, etag);

        Assert.Equal(HttpStatusCode.NotModified, head.StatusCode);
        Assert.Equal(etag, head.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task An_editor_reads_a_drafts_etag_with_head()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var draft = await content.Draft((await content.Author()).Str("id"));
        var path = $"/api/v1/articles/{draft.Str("slug")}";

        var head = await Head(editor, path);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal((await editor.GetAsync(path)).Headers.ETag, head.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotFound, (await Head(fx.Anonymous(), path)).StatusCode);
    }

    [Fact]
    public async Task Head_of_a_list_carries_the_next_link()
    {
        var editor = await fx.Editor();
        await new ContentBuilder(editor).Tag();
        await new ContentBuilder(editor).Tag();

        var head = await Head(fx.Anonymous(), "/api/v1/tags?limit=1");

        await AssertMirrors(await fx.Anonymous().GetAsync("/api/v1/tags?limit=1"), head, "tags");
        Assert.NotNull(head.NextLink());
    }

    /// <summary>
    /// Every GET in the contract, with an admin key, by its documented path (path parameters filled with a value that
    /// names nothing): HEAD answers what GET answers, never a 405. New features' GETs are covered as they are added.
    /// </summary>
    [Fact]
    public async Task Every_get_route_answers_head_like_get()
    {
        var document = JsonNode.Parse(await fx.Anonymous().GetStringAsync("/swagger/v1/swagger.json"))!;
        var paths = document["paths"]!.AsObject()
            .Where(p => p.Value!.AsObject().ContainsKey("get"))
            .Select(p => System.Text.RegularExpressions.Regex.Replace(p.Key, "\\{[^}]+\\}", "1"))
            .ToList();
        Assert.NotEmpty(paths);

        foreach (var path in paths)
        {
            var get = await fx.Admin().GetAsync(path);
            var head = await Head(fx.Admin(), path);
            Assert.NotEqual(HttpStatusCode.MethodNotAllowed, head.StatusCode);
            Assert.True(get.StatusCode == head.StatusCode, $"{path}: GET answered {(int)get.StatusCode}, HEAD {(int)head.StatusCode}");
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Head_of_nothing_is_a_404_without_a_body()
    {
        var head = await Head(fx.Anonymous(), $"/api/v1/articles/{Infrastructure.Api.Unique("missing")}");

        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }
}

public sealed class HeadTestsOnSqlite(SqliteFixture fx) : HeadTests(fx), IClassFixture<SqliteFixture>;

public sealed class HeadTestsOnPostgres(PostgresFixture fx) : HeadTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
