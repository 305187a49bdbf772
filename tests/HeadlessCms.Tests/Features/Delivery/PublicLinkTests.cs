using System.Net;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Delivery;

/// <summary>Links in responses never follow the request's Host header: they are relative, or built from Cms:PublicBaseUrl.</summary>
public abstract class PublicLinkTests(CmsApiFixture fx, string? expectedBase)
{
    [Fact]
    public async Task The_next_link_ignores_the_host_header()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tags?limit=1");
        request.Headers.Host = "evil.example";

        var response = await fx.Anonymous().SendAsync(request);
        await response.Expect(HttpStatusCode.OK);

        var next = response.NextLink();
        Assert.NotNull(next);
        Assert.DoesNotContain("evil.example", next);
        Assert.StartsWith((expectedBase ?? "") + "/api/v1/tags?", next);
        Assert.Contains("limit=1", next);
        Assert.Contains("cursor=", next);
    }
}

public sealed class PublicBaseUrlSqliteFixture : SqliteFixture
{
    public const string BaseUrl = "https://api.news.example/cms";

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Cms:RequireIfMatch"] = "false",
        ["Cms:PublicBaseUrl"] = BaseUrl + "/",
    };
}

public sealed class PublicBaseUrlPostgresFixture : PostgresFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Cms:RequireIfMatch"] = "false",
        ["Cms:PublicBaseUrl"] = PublicBaseUrlSqliteFixture.BaseUrl,
    };
}

public sealed class RelativeLinkTestsOnSqlite(SqliteFixture fx) : PublicLinkTests(fx, null), IClassFixture<SqliteFixture>;

public sealed class RelativeLinkTestsOnPostgres(PostgresFixture fx) : PublicLinkTests(fx.OrSkip(), null), IClassFixture<PostgresFixture>;

public sealed class PublicBaseUrlTestsOnSqlite(PublicBaseUrlSqliteFixture fx)
    : PublicLinkTests(fx, PublicBaseUrlSqliteFixture.BaseUrl), IClassFixture<PublicBaseUrlSqliteFixture>;

public sealed class PublicBaseUrlTestsOnPostgres(PublicBaseUrlPostgresFixture fx)
    : PublicLinkTests(fx.OrSkip(), PublicBaseUrlSqliteFixture.BaseUrl), IClassFixture<PublicBaseUrlPostgresFixture>;
