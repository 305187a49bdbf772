using System.Net;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Articles;

public abstract class ArticleSmokeTests(CmsApiFixture fx)
{
    [Fact]
    public async Task Sample_content_is_published_on_first_start()
    {
        var page = await fx.Anonymous().GetAsync("/api/v1/articles?limit=100").Expect(HttpStatusCode.OK);
        Assert.Contains(page["items"]!.AsArray(), a => a.Str("slug") == "russia-rare-earth-hub-processing-bottleneck");
    }

    [Fact]
    public async Task Editor_creates_and_publishes_an_article()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var article = await content.Published(author.Str("id"), "Ore and Order: Russia’s Rare Earth Gambit " + Guid.NewGuid().ToString("N")[..6]);
        Assert.StartsWith("ore-and-order-russias-rare-earth-gambit-", article.Str("slug"));
        var read = await fx.Anonymous().GetAsync($"/api/v1/articles/{article.Str("slug")}").Expect(HttpStatusCode.OK);
        Assert.Equal("published", read.Str("status"));
        Assert.EndsWith("Z", read.Str("publishedAt"));
    }
}

public sealed class ArticleSmokeTestsOnSqlite(SqliteFixture fx) : ArticleSmokeTests(fx), IClassFixture<SqliteFixture>;
public sealed class ArticleSmokeTestsOnPostgres(PostgresFixture fx) : ArticleSmokeTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
