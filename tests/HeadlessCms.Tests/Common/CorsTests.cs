using System.Net;
using System.Net.Http.Headers;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Common;

/// <summary>
/// Browser front ends: real preflights (OPTIONS with Origin and Access-Control-Request-*), and the CORS headers on the
/// requests that follow. Anonymous reads are open to every origin; keyed requests and writes only to listed origins.
/// </summary>
public abstract class CorsTests(CmsApiFixture fx)
{
    private const string Unlisted = "https://elsewhere.example";

    private static HttpRequestMessage Preflight(string path, string origin, string method, string? headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers is not null)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }

        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static void AssertAllowsHeaders(HttpResponseMessage response, params string[] headers)
    {
        var allowed = Header(response, "Access-Control-Allow-Headers")!.Split(',', StringSplitOptions.TrimEntries);
        Assert.All(headers, h => Assert.Contains(h, allowed, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Any_origin_may_preflight_an_anonymous_conditional_read()
    {
        var response = await fx.Anonymous().SendAsync(Preflight("/api/v1/articles?limit=1", Unlisted, "GET", "if-none-match"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("GET", Header(response, "Access-Control-Allow-Methods"));
        AssertAllowsHeaders(response, "If-None-Match");
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
    }

    [Fact]
    public async Task An_unlisted_origin_may_not_write_or_send_a_key()
    {
        var write = await fx.Anonymous().SendAsync(Preflight("/api/v1/articles", Unlisted, "POST", "authorization,content-type"));
        Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        Assert.Null(Header(write, "Access-Control-Allow-Origin"));

        var keyedRead = await fx.Anonymous().SendAsync(Preflight("/api/v1/articles", Unlisted, "GET", "authorization"));
        Assert.Equal(HttpStatusCode.NoContent, keyedRead.StatusCode);
        Assert.Null(Header(keyedRead, "Access-Control-Allow-Origin"));

        // The request itself still runs (CORS is the browser's rule), but the browser gets no permission to read it.
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles?limit=1");
        request.Headers.Add("Origin", Unlisted);
        var response = await (await fx.Editor()).SendAsync(request);
        await response.Expect(HttpStatusCode.OK);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_listed_origin_may_preflight_a_conditional_merge_patch()
    {
        var response = await ListedPreflightAsync("/api/v1/articles/some-slug", "PATCH", "authorization,if-match,content-type");

        Assert.Contains("PATCH", Header(response, "Access-Control-Allow-Methods"));
        AssertAllowsHeaders(response, "Authorization", "If-Match", "Content-Type");
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task A_listed_origin_may_preflight_a_retry_safe_batch_import()
    {
        var response = await ListedPreflightAsync("/api/v1/imports/batch", "POST", "authorization,content-type,idempotency-key");

        AssertAllowsHeaders(response, "Authorization", "Content-Type", "Idempotency-Key");
    }

    /// <summary>A preflight from the listed origin, which must be allowed: 204 with that origin echoed back.</summary>
    private async Task<HttpResponseMessage> ListedPreflightAsync(string path, string method, string headers)
    {
        var response = await fx.Anonymous().SendAsync(Preflight(path, CorsSetup.Newsroom, method, headers));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(CorsSetup.Newsroom, Header(response, "Access-Control-Allow-Origin"));
        return response;
    }

    [Fact]
    public async Task An_anonymous_read_exposes_its_etag_and_link_to_any_origin()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tags?limit=1");
        request.Headers.Add("Origin", Unlisted);
        var response = await fx.Anonymous().SendAsync(request);

        await response.Expect(HttpStatusCode.OK);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        var exposed = Header(response, "Access-Control-Expose-Headers")!;
        Assert.All(new[] { "ETag", "Link", "Location", "Retry-After" }, h => Assert.Contains(h, exposed, StringComparison.OrdinalIgnoreCase));
        Assert.NotNull(response.NextLink());
    }

    [Fact]
    public async Task A_listed_origin_writes_with_a_key_and_reads_the_location_and_etag()
    {
        var editor = await fx.Editor();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tags")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { name = Infrastructure.Api.Unique("Cors tag") }),
        };
        request.Headers.Add("Origin", CorsSetup.Newsroom);
        var response = await editor.SendAsync(request);

        await response.Expect(HttpStatusCode.Created);
        Assert.Equal(CorsSetup.Newsroom, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("Origin", response.Headers.Vary);
        var exposed = Header(response, "Access-Control-Expose-Headers")!;
        Assert.All(new[] { "Location", "ETag", "RateLimit", "RateLimit-Policy", "Idempotent-Replayed" },
            h => Assert.Contains(h, exposed.Split(',', StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Requests_without_an_origin_get_no_cors_headers()
    {
        var response = await fx.Anonymous().GetAsync("/api/v1/tags?limit=1");
        await response.Expect(HttpStatusCode.OK);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }
}

internal static class CorsSetup
{
    public const string Newsroom = "https://newsroom.example";

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Cms:RequireIfMatch"] = "false",
        ["Cms:Cors:Origins:0"] = Newsroom,
        ["Cms:Cors:Origins:1"] = "http://localhost:3000",
    };
}

public sealed class CorsSqliteFixture : SqliteFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => CorsSetup.Settings;
}

public sealed class CorsPostgresFixture : PostgresFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => CorsSetup.Settings;
}

public sealed class CorsTestsOnSqlite(CorsSqliteFixture fx) : CorsTests(fx), IClassFixture<CorsSqliteFixture>;

public sealed class CorsTestsOnPostgres(CorsPostgresFixture fx) : CorsTests(fx.OrSkip()), IClassFixture<CorsPostgresFixture>;
