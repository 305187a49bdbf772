using System.Net;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Common.Security;

/// <summary>Finding 5: API responses carry nosniff, a CSP that allows nothing and no framing, and no-referrer.</summary>
public abstract class SecurityHeaderTests(CmsApiFixture fx)
{
    private static void AssertApiHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Theory]
    [InlineData("/api/v1/tags", HttpStatusCode.OK)]
    [InlineData("/api/v1/articles/no-such-article", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/tags?limit=abc", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/api-keys", HttpStatusCode.Unauthorized)]
    [InlineData("/swagger/v1/swagger.json", HttpStatusCode.OK)]
    [InlineData("/health/live", HttpStatusCode.OK)]
    public async Task Every_kind_of_answer_carries_the_headers(string path, HttpStatusCode status)
    {
        var response = await fx.Anonymous().GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        AssertApiHeaders(response);
    }

    [Fact]
    public async Task A_304_and_a_write_carry_them_too()
    {
        var editor = await fx.Editor();
        var created = await editor.PostAsync("/api/v1/tags", System.Net.Http.Json.JsonContent.Create(new { name = Infrastructure.Api.Unique("Headers") }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        AssertApiHeaders(created);

        var slug = System.Text.Json.Nodes.JsonNode.Parse(await created.Content.ReadAsStringAsync())!.Str("slug");
        var first = await fx.Anonymous().GetAsync($"/api/v1/tags/{slug}");
        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/tags/{slug}");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var notModified = await fx.Anonymous().SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        AssertApiHeaders(notModified);
    }

    [Fact]
    public async Task Swagger_ui_gets_a_policy_that_lets_its_own_files_run_and_nothing_else()
    {
        var page = await fx.Anonymous().GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var policy = string.Join(",", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("nosniff", string.Join(",", page.Headers.GetValues("X-Content-Type-Options")));

        // Every script the page loads is a file of ours (script-src 'self' allows no inline script).
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotMatch("<script>(?!</script>)", html.Replace("\n", ""));
    }

    [Fact]
    public async Task Swagger_ui_can_be_switched_off()
    {
        var instance = fx.AnotherInstance(new Dictionary<string, string?> { ["Cms:Swagger:Enabled"] = "false" });
        var client = instance.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/swagger/index.html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/tags")).StatusCode);
    }
}

public sealed class SecurityHeaderTestsOnSqlite(SqliteFixture fx) : SecurityHeaderTests(fx), IClassFixture<SqliteFixture>;

public sealed class SecurityHeaderTestsOnPostgres(PostgresFixture fx) : SecurityHeaderTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
