using System.Net;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessCms.Tests.Features.Delivery;

/// <summary>
/// A write evicts the pages of the articles it changed and every list, not the whole cache: on a busy site a trickle
/// of edits must leave the other articles' pages warm. A response served from the output cache carries Age.
/// </summary>
public abstract class PreciseEvictionTests(CmsApiFixture fx)
{
    [Fact]
    public async Task Editing_one_article_leaves_the_others_cached_and_refreshes_it_and_the_lists()
    {
        var content = new ContentBuilder(await fx.Editor());
        var author = (await content.Author()).Str("id");
        var edited = await content.Published(author);
        var other = await content.Published(author);
        var reader = fx.Anonymous();
        var editedPath = $"/api/v1/articles/{edited.Str("slug")}";
        var otherPath = $"/api/v1/articles/{other.Str("slug")}";
        var otherById = $"/api/v1/articles/{other.Str("id")}";
        const string list = "/api/v1/articles?limit=5";

        foreach (var path in new[] { editedPath, otherPath, otherById, list })
        {
            await reader.GetAsync(path);
            Assert.True(await Hit(reader, path), $"{path} should be served from the cache once read");
        }

        await EditorClient.Patch(await fx.Editor(), $"/api/v1/articles/{edited.Str("id")}", "*", """{"title":"Edited, and only this one"}""")
            .Expect(HttpStatusCode.OK);

        Assert.True(await Hit(reader, otherPath), "another article's page stays cached");
        Assert.True(await Hit(reader, otherById), "another article's page by id stays cached");
        var fresh = await reader.GetAsync(editedPath);
        Assert.Null(fresh.Headers.Age);
        Assert.Equal("Edited, and only this one", (await fresh.Json()).Str("title"));
        var listed = await reader.GetAsync(list);
        Assert.Null(listed.Headers.Age);
        Assert.Contains((await listed.Json()).Items(), item => item.Str("title") == "Edited, and only this one");
    }

    [Fact]
    public async Task A_page_read_by_id_in_another_spelling_is_still_evicted_with_its_article()
    {
        var content = new ContentBuilder(await fx.Editor());
        var article = await content.Published((await content.Author()).Str("id"));
        var id = Guid.Parse(article.Str("id"));
        var reader = fx.Anonymous();
        var upper = $"/api/v1/articles/{id.ToString("D").ToUpperInvariant()}";
        var compact = $"/api/v1/articles/{id:N}";
        foreach (var path in new[] { upper, compact })
        {
            await reader.GetAsync(path).Expect(HttpStatusCode.OK);
        }

        await EditorClient.Patch(await fx.Editor(), $"/api/v1/articles/{id}", "*", """{"title":"Spelled differently"}""").Expect(HttpStatusCode.OK);

        foreach (var path in new[] { upper, compact })
        {
            Assert.Equal("Spelled differently", (await reader.GetAsync(path).Expect(HttpStatusCode.OK)).Str("title"));
        }
    }

    [Fact]
    public async Task A_poll_that_sees_this_instances_own_commit_first_keeps_the_other_pages()
    {
        // A poll can read a write's generation after the commit and before the write tells the cache which articles
        // it changed (on SQLite the commit's checkpoint runs in between). Taken for another instance's write, it would
        // drop every page: with 10 edits a second that emptied the cache every few seconds. Polls off here: this test
        // plays the poll.
        var content = new ContentBuilder(await fx.Editor());
        var other = await content.Published((await content.Author()).Str("id"));
        var instance = fx.AnotherInstance(new Dictionary<string, string?> { ["Cms:Caching:SyncSeconds"] = "3600" });
        var reader = instance.CreateClient();
        var path = $"/api/v1/articles/{other.Str("slug")}";
        await reader.GetAsync(path).Expect(HttpStatusCode.OK);
        Assert.True(await Hit(reader, path), "read once, then served from the cache");

        var cache = instance.Services.GetRequiredService<HeadlessCms.Api.Common.Caching.ContentCache>();
        var own = cache.Generation + 1;
        cache.Committing(own);
        cache.Observe(own);
        Assert.True(await Hit(reader, path), "this instance's own commit, seen by the poll first, leaves other articles cached");

        // The next generation is no write of this instance: its articles are unknown, so every page goes.
        cache.Observe(own + 1);
        Assert.False(await Hit(reader, path), "a write of unknown articles drops the page");
    }

    private static async Task<bool> Hit(HttpClient reader, string path)
    {
        var response = await reader.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.Age is not null;
    }
}

public sealed class PreciseEvictionTestsOnSqlite(SqliteFixture fx) : PreciseEvictionTests(fx), IClassFixture<SqliteFixture>;

public sealed class PreciseEvictionTestsOnPostgres(PostgresFixture fx) : PreciseEvictionTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
