using System.Net;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Articles;

/// <summary>Unique slugs must hold under parallel writers on every engine: distinct slugs or clean 409s, never a 500.</summary>
public abstract class ParallelCreateTests(CmsApiFixture fx)
{
    [Fact]
    public async Task Twenty_parallel_creates_with_one_title_get_distinct_slugs()
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();
        var title = "Parallel Story " + Guid.NewGuid().ToString("N")[..8];

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => editor.PostJson("/api/v1/articles", new
        {
            title,
            body = "Same body.",
            authorId = author.Str("id"),
        })));

        Assert.All(responses, r => Assert.True(
            r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"unexpected {(int)r.StatusCode}"));
        var slugs = new List<string>();
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.Created))
        {
            slugs.Add((await response.Json()).Str("slug"));
        }

        Assert.Equal(slugs.Count, slugs.Distinct().Count());

        // Generated slugs are ours to change, so every create should have succeeded with its own suffix.
        Assert.Equal(20, slugs.Count);
        var expected = Enumerable.Range(1, 20).Select(n => n == 1 ? Slug(title) : $"{Slug(title)}-{n}");
        Assert.Equal(expected.Order(), slugs.Order());
    }

    [Fact]
    public async Task Parallel_creates_with_one_explicit_slug_give_one_201_and_409s()
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();
        var slug = Infrastructure.Api.Unique("explicit");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => editor.PostJson("/api/v1/articles", new
        {
            title = "Explicit slug race",
            slug,
            body = "Same body.",
            authorId = author.Str("id"),
        })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        }
    }

    private static string Slug(string title) => title.ToLowerInvariant().Replace(' ', '-');
}

public sealed class ParallelCreateTestsOnSqlite(SqliteFixture fx) : ParallelCreateTests(fx), IClassFixture<SqliteFixture>;

public sealed class ParallelCreateTestsOnPostgres(PostgresFixture fx) : ParallelCreateTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
