using System.Net;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Features.Authors;

public abstract class AuthorTests(CmsApiFixture fx)
{
    [Fact]
    public async Task Create_returns_201_with_location_a_generated_slug_and_rendered_bio()
    {
        var editor = await fx.Editor();
        var name = "Jürgen Weiß " + Unique("x");

        var response = await editor.PostJson("/api/v1/authors", new
        {
            name = $"  {name}  ",
            bio = "Covers **metals** since 2009. <script>alert(1)</script>",
            avatarUrl = "https://cdn.example.org/jw.png",
            websiteUrl = "http://example.org/~jw",
        });
        var author = await response.Expect(HttpStatusCode.Created);

        Assert.Equal(7, Guid.Parse(author.Str("id")).Version);
        Assert.Equal($"/api/v1/authors/{author.Str("id")}", response.Headers.Location?.OriginalString);
        Assert.Equal(name, author.Str("name"));
        Assert.StartsWith("jurgen-weiss-x-", author.Str("slug"));
        Assert.Equal("Covers **metals** since 2009. <script>alert(1)</script>", author.Str("bio"));
        Assert.Contains("<strong>metals</strong>", author.Str("bioHtml"));
        Assert.DoesNotContain("<script", author.Str("bioHtml"));
        Assert.Equal("https://cdn.example.org/jw.png", author.Str("avatarUrl"));
        Assert.Equal("http://example.org/~jw", author.Str("websiteUrl"));
        Assert.Equal(0, author.Int("publishedArticleCount"));
        Assert.EndsWith("Z", author.Str("createdAt"));

        var read = await fx.Anonymous().GetAsync(response.Headers.Location).Expect(HttpStatusCode.OK);
        Assert.Equal(author.ToJsonString(), read.ToJsonString());
    }

    [Fact]
    public async Task Get_by_id_and_by_slug_return_the_same_author_and_unknown_is_404()
    {
        var author = await new ContentBuilder(await fx.Editor()).Author();
        var anonymous = fx.Anonymous();

        var byId = await anonymous.GetAsync($"/api/v1/authors/{author.Str("id")}").Expect(HttpStatusCode.OK);
        var bySlug = await anonymous.GetAsync($"/api/v1/authors/{author.Str("slug")}").Expect(HttpStatusCode.OK);

        Assert.Equal(byId.ToJsonString(), bySlug.ToJsonString());
        await anonymous.GetAsync($"/api/v1/authors/{Unique("nobody")}").ExpectProblem(HttpStatusCode.NotFound);
        await anonymous.GetAsync($"/api/v1/authors/{Guid.CreateVersion7()}").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_explicit_slug_is_used_and_a_taken_one_is_409()
    {
        var editor = await fx.Editor();
        var slug = Unique("writer");

        var author = await editor.PostJson("/api/v1/authors", new { name = "Some Writer", slug }).Expect(HttpStatusCode.Created);
        Assert.Equal(slug, author.Str("slug"));
        Assert.Null(author["bio"]);
        Assert.Null(author["bioHtml"]);

        await editor.PostJson("/api/v1/authors", new { name = "Other Writer", slug }).ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Same_names_get_numeric_suffixes()
    {
        var editor = await fx.Editor();
        var name = Unique("Twin");

        var first = await editor.PostJson("/api/v1/authors", new { name }).Expect(HttpStatusCode.Created);
        var second = await editor.PostJson("/api/v1/authors", new { name }).Expect(HttpStatusCode.Created);

        Assert.Equal(first.Str("slug") + "-2", second.Str("slug"));
    }

    [Fact]
    public async Task Put_replaces_the_fields_and_keeps_the_slug_when_omitted()
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();

        var replaced = await editor.PutJson($"/api/v1/authors/{author.Str("slug")}", new
        {
            name = "Renamed Person",
            websiteUrl = "https://renamed.example.org",
        }).Expect(HttpStatusCode.OK);

        Assert.Equal(author.Str("id"), replaced.Str("id"));
        Assert.Equal(author.Str("slug"), replaced.Str("slug"));
        Assert.Equal("Renamed Person", replaced.Str("name"));
        Assert.Null(replaced["bio"]);
        Assert.Null(replaced["bioHtml"]);
        Assert.Null(replaced["avatarUrl"]);
        Assert.Equal("https://renamed.example.org", replaced.Str("websiteUrl"));
        Assert.Equal(author.Str("createdAt"), replaced.Str("createdAt"));

        var read = await fx.Anonymous().GetAsync($"/api/v1/authors/{author.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Equal(replaced.ToJsonString(), read.ToJsonString());
    }

    [Fact]
    public async Task Put_changes_the_slug_and_a_taken_slug_is_409()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var other = await content.Author();
        var newSlug = Unique("renamed");

        var moved = await editor.PutJson($"/api/v1/authors/{author.Str("id")}", new { name = "Moved", slug = newSlug }).Expect(HttpStatusCode.OK);
        Assert.Equal(newSlug, moved.Str("slug"));
        await fx.Anonymous().ExpectMovedOrGone($"/api/v1/authors/{author.Str("slug")}", author.Str("id"), newSlug);
        await fx.Anonymous().GetAsync($"/api/v1/authors/{newSlug}").Expect(HttpStatusCode.OK);

        await editor.PutJson($"/api/v1/authors/{author.Str("id")}", new { name = "Clash", slug = other.Str("slug") })
            .ExpectProblem(HttpStatusCode.Conflict);
        var read = await fx.Anonymous().GetAsync($"/api/v1/authors/{author.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Equal("Moved", read.Str("name"));

        await editor.PutJson($"/api/v1/authors/{Unique("nobody")}", new { name = "X" }).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_returns_204_and_then_404()
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();

        var response = await editor.DeleteAsync($"/api/v1/authors/{author.Str("slug")}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        await fx.Anonymous().GetAsync($"/api/v1/authors/{author.Str("id")}").ExpectProblem(HttpStatusCode.NotFound);
        await editor.DeleteAsync($"/api/v1/authors/{author.Str("id")}").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_an_author_with_articles_is_409_even_if_they_are_drafts()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var draft = await content.Draft(author.Str("id"));

        var problem = await editor.DeleteAsync($"/api/v1/authors/{author.Str("id")}").ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains(author.Str("slug"), problem.Str("detail"));
        await fx.Anonymous().GetAsync($"/api/v1/authors/{author.Str("id")}").Expect(HttpStatusCode.OK);

        await editor.DeleteAsync($"/api/v1/articles/{draft.Str("id")}").Expect(HttpStatusCode.NoContent);
        await editor.DeleteAsync($"/api/v1/authors/{author.Str("id")}").Expect(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task PublishedArticleCount_counts_only_published_articles()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var first = await content.Published(author.Str("id"));
        await content.Published(author.Str("id"));
        await content.Draft(author.Str("id"));
        await content.Published((await content.Author()).Str("id"));

        async Task<int> Count() =>
            (await fx.Anonymous().GetAsync($"/api/v1/authors/{author.Str("slug")}").Expect(HttpStatusCode.OK)).Int("publishedArticleCount");

        Assert.Equal(2, await Count());
        await content.Unpublish(first.Str("id"));
        Assert.Equal(1, await Count());
    }

    [Fact]
    public async Task The_list_pages_through_all_authors_by_slug()
    {
        var editor = await fx.Editor();
        var prefix = Unique("aaa");
        var mine = new List<string>();
        foreach (var suffix in new[] { "c", "a", "b" })
        {
            mine.Add((await editor.PostJson("/api/v1/authors", new { name = "Listed", slug = $"{prefix}-{suffix}" })
                .Expect(HttpStatusCode.Created)).Str("slug"));
        }

        var anonymous = fx.Anonymous();
        var slugs = new List<string>();
        string? next = "/api/v1/authors?limit=2";
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 100, "The authors list never ended.");
            var response = await anonymous.GetAsync(next);
            var page = await response.Expect(HttpStatusCode.OK);
            Assert.InRange(page.Items().Count, 1, 2);
            slugs.AddRange(page.Items().Select(a => a.Str("slug")));
            next = response.NextLink();
            Assert.Equal(next is null, page["nextCursor"] is null);
        }

        Assert.Equal(slugs.Distinct().Count(), slugs.Count);
        Assert.Equal(slugs.Order(StringComparer.Ordinal), slugs);
        Assert.Equal(mine.Order(StringComparer.Ordinal), slugs.Where(s => s.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Contains("mara-lindqvist", slugs);
    }

    [Fact]
    public async Task The_list_defaults_to_20_and_rejects_bad_limits_and_cursors()
    {
        var anonymous = fx.Anonymous();
        var all = await anonymous.GetAsync("/api/v1/authors?limit=100").Expect(HttpStatusCode.OK);
        var page = await anonymous.GetAsync("/api/v1/authors").Expect(HttpStatusCode.OK);
        Assert.Equal(all.Items().Take(20).Select(a => a.Str("id")), page.Ids());

        await anonymous.GetAsync("/api/v1/authors?limit=0").ExpectValidation("limit");
        await anonymous.GetAsync("/api/v1/authors?limit=101").ExpectValidation("limit");
        await anonymous.GetAsync("/api/v1/authors?cursor=garbage").ExpectValidation("cursor");
        await anonymous.GetAsync("/api/v1/authors?cursor=dDE6MTIzNDU").ExpectValidation("cursor");
    }

    [Theory]
    [InlineData("avatarUrl", "not a url")]
    [InlineData("avatarUrl", "/images/me.png")]
    [InlineData("avatarUrl", "ftp://example.org/me.png")]
    [InlineData("avatarUrl", "javascript:alert(1)")]
    [InlineData("websiteUrl", "example.org")]
    [InlineData("websiteUrl", "mailto:me@example.org")]
    public async Task Urls_must_be_absolute_http_or_https(string field, string url)
    {
        var editor = await fx.Editor();
        var body = new Dictionary<string, object?> { ["name"] = "Url Person", [field] = url };

        await editor.PostJson("/api/v1/authors", body).ExpectValidation(field);

        var author = await new ContentBuilder(editor).Author();
        await editor.PutJson($"/api/v1/authors/{author.Str("id")}", body).ExpectValidation(field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task A_name_is_required(string? name)
    {
        var editor = await fx.Editor();
        await editor.PostJson("/api/v1/authors", new { name }).ExpectValidation("name");
    }

    [Fact]
    public async Task Names_are_at_most_100_characters_and_slugs_follow_the_pattern()
    {
        var editor = await fx.Editor();
        await editor.PostJson("/api/v1/authors", new { name = new string('n', 100), slug = Unique("long-name") }).Expect(HttpStatusCode.Created);
        await editor.PostJson("/api/v1/authors", new { name = new string('n', 101) }).ExpectValidation("name");
        await editor.PostJson("/api/v1/authors", new { name = "Bad Slug", slug = "Bad Slug" }).ExpectValidation("slug");
        await editor.PostJson("/api/v1/authors", new { name = "Bad Slug", slug = new string('s', 121) }).ExpectValidation("slug");
    }

    [Fact]
    public async Task Writes_need_an_editor_key()
    {
        var author = await new ContentBuilder(await fx.Editor()).Author();
        var partner = await fx.As("partner");

        await fx.Anonymous().PostJson("/api/v1/authors", new { name = "Anon" }).ExpectUnauthorized();
        await partner.PostJson("/api/v1/authors", new { name = "Partner" }).ExpectProblem(HttpStatusCode.Forbidden);
        await fx.Anonymous().PutJson($"/api/v1/authors/{author.Str("id")}", new { name = "Anon" }).ExpectUnauthorized();
        await partner.DeleteAsync($"/api/v1/authors/{author.Str("id")}").ExpectProblem(HttpStatusCode.Forbidden);
        await fx.Anonymous().GetAsync($"/api/v1/authors/{author.Str("id")}").Expect(HttpStatusCode.OK);
    }
}

public sealed class AuthorTestsOnSqlite(SqliteFixture fx) : AuthorTests(fx), IClassFixture<SqliteFixture>;

public sealed class AuthorTestsOnPostgres(PostgresFixture fx) : AuthorTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
