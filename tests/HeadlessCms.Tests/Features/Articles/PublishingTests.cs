using System.Net;
using System.Text.Json.Nodes;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Features.Articles;

/// <summary>Publish and unpublish, and who can see a draft: editors yes, everyone else gets a 404 as if it did not exist.</summary>
public abstract class PublishingTests(CmsApiFixture fx)
{
    [Fact]
    public async Task Publishing_sets_status_and_a_utc_publishedAt()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var draft = await content.Draft((await content.Author()).Str("id"));

        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var published = await content.Publish(draft.Str("id"));
        var after = DateTimeOffset.UtcNow.AddSeconds(5);

        Assert.Equal("published", published.Str("status"));
        var publishedAt = published.Str("publishedAt");
        Assert.EndsWith("Z", publishedAt);
        Assert.InRange(DateTimeOffset.Parse(publishedAt), before, after);
        Assert.Equal(draft.Str("createdAt"), published.Str("createdAt"));

        var read = await fx.Anonymous().GetAsync($"/api/v1/articles/{draft.Str("slug")}").Expect(HttpStatusCode.OK);
        Assert.Equal(publishedAt, read.Str("publishedAt"));
    }

    [Fact]
    public async Task Drafts_are_404_to_anonymous_readers_and_visible_to_editors()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var draft = await content.Draft(author.Str("id"));
        var anonymous = fx.Anonymous();

        foreach (var path in Paths(draft))
        {
            var problem = await anonymous.GetAsync(path).ExpectProblem(HttpStatusCode.NotFound);
            Assert.Equal("Not Found", problem.Str("title"));
            await editor.GetAsync(path).Expect(HttpStatusCode.OK);
            await fx.Admin().GetAsync(path).Expect(HttpStatusCode.OK);
        }

        var listed = await anonymous.GetAsync($"/api/v1/articles?author={author.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Empty(listed.Items());
    }

    [Theory]
    [InlineData("partner")]
    [InlineData("moderator")]
    public async Task Keys_without_an_editing_role_do_not_see_drafts_either(string role)
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var draft = await content.Draft((await content.Author()).Str("id"));
        var reader = await fx.As(role);

        foreach (var path in Paths(draft))
        {
            await reader.GetAsync(path).ExpectProblem(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Unpublishing_hides_the_article_again()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var article = await content.Published(author.Str("id"));
        var anonymous = fx.Anonymous();
        foreach (var path in Paths(article))
        {
            await anonymous.GetAsync(path).Expect(HttpStatusCode.OK);
        }

        var unpublished = await content.Unpublish(article.Str("id"));

        Assert.Equal("draft", unpublished.Str("status"));
        foreach (var path in Paths(article))
        {
            await anonymous.GetAsync(path).ExpectProblem(HttpStatusCode.NotFound);
            await editor.GetAsync(path).Expect(HttpStatusCode.OK);
        }

        var listed = await anonymous.GetAsync($"/api/v1/articles?author={author.Str("slug")}").Expect(HttpStatusCode.OK);
        Assert.Empty(listed.Items());
    }

    [Fact]
    public async Task Publishing_again_keeps_the_original_publishedAt()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var first = await content.Published((await content.Author()).Str("id"));

        var again = await content.Publish(first.Str("id"));
        Assert.Equal(first.Str("publishedAt"), again.Str("publishedAt"));

        await content.Unpublish(first.Str("id"));
        var republished = await content.Publish(first.Str("slug"));

        Assert.Equal("published", republished.Str("status"));
        Assert.Equal(first.Str("publishedAt"), republished.Str("publishedAt"));
        var read = await fx.Anonymous().GetAsync($"/api/v1/articles/{first.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Equal(first.Str("publishedAt"), read.Str("publishedAt"));
    }

    [Fact]
    public async Task Unpublishing_a_draft_is_harmless()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var draft = await content.Draft((await content.Author()).Str("id"));

        var result = await content.Unpublish(draft.Str("id"));

        Assert.Equal("draft", result.Str("status"));
        Assert.Null(result["publishedAt"]);
    }

    [Theory]
    [InlineData("publish")]
    [InlineData("unpublish")]
    public async Task Publishing_an_unknown_article_is_404(string action)
    {
        var editor = await fx.Editor();
        await editor.PostAsync($"/api/v1/articles/{Unique("missing")}/{action}", null).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("publish")]
    [InlineData("unpublish")]
    public async Task Publishing_needs_an_editor_key(string action)
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var draft = await content.Draft((await content.Author()).Str("id"));
        var path = $"/api/v1/articles/{draft.Str("id")}/{action}";

        await fx.Anonymous().PostAsync(path, null).ExpectUnauthorized();
        await (await fx.As("partner")).PostAsync(path, null).ExpectProblem(HttpStatusCode.Forbidden);
        await (await fx.As("moderator")).PostAsync(path, null).ExpectProblem(HttpStatusCode.Forbidden);

        var read = await editor.GetAsync($"/api/v1/articles/{draft.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Equal("draft", read.Str("status"));
    }

    private static string[] Paths(JsonNode article) =>
    [
        $"/api/v1/articles/{article.Str("id")}",
        $"/api/v1/articles/{article.Str("slug")}",
        $"/api/v1/articles/{article.Str("id")}/highlights",
        $"/api/v1/articles/{article.Str("slug")}/highlights",
    ];
}

public sealed class PublishingTestsOnSqlite(SqliteFixture fx) : PublishingTests(fx), IClassFixture<SqliteFixture>;

public sealed class PublishingTestsOnPostgres(PostgresFixture fx) : PublishingTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
