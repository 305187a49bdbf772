using System.Net;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Features.Articles;

/// <summary>GET/PUT /articles/{idOrSlug}/highlights: the body is the JSON array itself.</summary>
public abstract class HighlightsTests(CmsApiFixture fx)
{
    [Fact]
    public async Task Get_returns_the_highlights_in_order_as_a_bare_array()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var article = await content.Published((await content.Author()).Str("id"));

        var response = await fx.Anonymous().GetAsync($"/api/v1/articles/{article.Str("slug")}/highlights");
        var highlights = await response.Expect(HttpStatusCode.OK);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["First point.", "Second point."], highlights.Strings());
    }

    [Fact]
    public async Task Put_replaces_the_list_with_trimmed_items_in_the_given_order()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var article = await content.Draft((await content.Author()).Str("id"));
        var path = $"/api/v1/articles/{article.Str("id")}/highlights";

        var replaced = await editor.PutJson(path, new[] { "  Zinc output fell.  ", "\tCopper rose.\n", "Nickel held." })
            .Expect(HttpStatusCode.OK);

        string[] expected = ["Zinc output fell.", "Copper rose.", "Nickel held."];
        Assert.Equal(expected, replaced.Strings());
        Assert.Equal(expected, (await editor.GetAsync(path).Expect(HttpStatusCode.OK)).Strings());
        var read = await editor.GetAsync($"/api/v1/articles/{article.Str("slug")}").Expect(HttpStatusCode.OK);
        Assert.Equal(expected, read["highlights"].Strings());
        Assert.True(DateTimeOffset.Parse(read.Str("updatedAt")) >= DateTimeOffset.Parse(article.Str("updatedAt")));
    }

    [Fact]
    public async Task Put_accepts_the_limits_one_to_twenty_items_of_up_to_500_characters()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var article = await content.Draft((await content.Author()).Str("id"));
        var path = $"/api/v1/articles/{article.Str("slug")}/highlights";

        var one = await editor.PutJson(path, new[] { "x" }).Expect(HttpStatusCode.OK);
        Assert.Single(one.Strings());

        var twenty = Enumerable.Range(1, 20).Select(i => $"Point {i}.").ToArray();
        Assert.Equal(twenty, (await editor.PutJson(path, twenty).Expect(HttpStatusCode.OK)).Strings());

        // The limit applies after trimming.
        var longest = new string('a', 500);
        Assert.Equal([longest], (await editor.PutJson(path, new[] { "   " + longest + "   " }).Expect(HttpStatusCode.OK)).Strings());
    }

    [Fact]
    public async Task Put_rejects_more_than_twenty_items()
    {
        var (editor, path) = await ArticleHighlights();
        await editor.PutJson(path, Enumerable.Range(1, 21).Select(i => $"Point {i}.").ToArray()).ExpectValidation("highlights");
        await AssertUnchanged(editor, path);
    }

    [Fact]
    public async Task Put_rejects_an_empty_list()
    {
        var (editor, path) = await ArticleHighlights();
        await editor.PutJson(path, Array.Empty<string>()).ExpectValidation("highlights");
        await AssertUnchanged(editor, path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Put_rejects_an_empty_item_naming_its_index(string empty)
    {
        var (editor, path) = await ArticleHighlights();
        await editor.PutJson(path, new[] { "Fine.", empty }).ExpectValidation("highlights[1]");
        await editor.PutJson(path, new[] { empty }).ExpectValidation("highlights[0]");
        await AssertUnchanged(editor, path);
    }

    [Fact]
    public async Task Put_rejects_a_null_item()
    {
        var (editor, path) = await ArticleHighlights();
        await editor.PutRaw(path, """["Fine.", null]""").ExpectValidation("highlights[1]");
        await AssertUnchanged(editor, path);
    }

    [Fact]
    public async Task Put_rejects_an_item_over_500_characters()
    {
        var (editor, path) = await ArticleHighlights();
        await editor.PutJson(path, new[] { new string('a', 501) }).ExpectValidation("highlights[0]");
        await AssertUnchanged(editor, path);
    }

    [Theory]
    [InlineData("""{"highlights": ["wrapped in an object"]}""")]
    [InlineData("\"just a string\"")]
    [InlineData("[1, 2]")]
    [InlineData("[\"unterminated\"")]
    public async Task Put_rejects_a_body_that_is_not_an_array_of_strings(string body)
    {
        var (editor, path) = await ArticleHighlights();
        await editor.PutRaw(path, body).ExpectProblem(HttpStatusCode.BadRequest);
        await AssertUnchanged(editor, path);
    }

    [Fact]
    public async Task Put_rejects_a_json_null()
    {
        var (editor, path) = await ArticleHighlights();
        await editor.PutRaw(path, "null").ExpectProblem(HttpStatusCode.BadRequest);
        await AssertUnchanged(editor, path);
    }

    [Fact]
    public async Task Highlights_of_an_unknown_article_are_404()
    {
        var editor = await fx.Editor();
        var path = $"/api/v1/articles/{Unique("missing")}/highlights";
        await fx.Anonymous().GetAsync(path).ExpectProblem(HttpStatusCode.NotFound);
        await editor.PutJson(path, new[] { "x" }).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_needs_an_editor_key()
    {
        var (_, path) = await ArticleHighlights();
        await fx.Anonymous().PutJson(path, new[] { "x" }).ExpectUnauthorized();
        await (await fx.As("partner")).PutJson(path, new[] { "x" }).ExpectProblem(HttpStatusCode.Forbidden);
        await AssertUnchanged(await fx.Editor(), path);
    }

    private async Task<(HttpClient Editor, string Path)> ArticleHighlights()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var article = await content.Draft((await content.Author()).Str("id"));
        return (editor, $"/api/v1/articles/{article.Str("id")}/highlights");
    }

    private static async Task AssertUnchanged(HttpClient editor, string path) =>
        Assert.Equal(["First point.", "Second point."], (await editor.GetAsync(path).Expect(HttpStatusCode.OK)).Strings());
}

public sealed class HighlightsTestsOnSqlite(SqliteFixture fx) : HighlightsTests(fx), IClassFixture<SqliteFixture>;

public sealed class HighlightsTestsOnPostgres(PostgresFixture fx) : HighlightsTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
