using System.Net;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Articles;

/// <summary>
/// Finding 9: the derived excerpt published a raw HTML block that bodyHtml dropped, included a leading heading, and kept
/// only the second line of a paragraph with a soft break. Finding 8: a protocol-relative link lacked rel="noopener".
/// </summary>
public abstract class DerivedExcerptTests(CmsApiFixture fx)
{
    private async Task<System.Text.Json.Nodes.JsonNode> PublishedWith(string body)
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = (await content.Author()).Str("id");
        var fields = ContentBuilder.ArticleFields(author);
        fields["body"] = body;
        var draft = await editor.PostJson("/api/v1/articles", fields).Expect(HttpStatusCode.Created);
        await content.Publish(draft.Str("id"));
        return await fx.Anonymous().GetAsync($"/api/v1/articles/{draft.Str("slug")}").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_leading_html_block_and_heading_never_reach_the_excerpt()
    {
        var article = await PublishedWith(
            "<script>alert(\"stolen\")</script>\n\n## A heading first\n\nThe real story starts *here*, with [a link](https://example.org)\nand a second line after a soft break.");

        Assert.Equal("The real story starts here, with a link and a second line after a soft break.", article.Str("excerpt"));
        Assert.DoesNotContain("script", article.Str("bodyHtml"));

        var list = await fx.Anonymous().GetAsync("/api/v1/articles?limit=50").Expect(HttpStatusCode.OK);
        var item = list.Items().Single(i => i.Str("id") == article.Str("id"));
        Assert.Equal(article.Str("excerpt"), item.Str("excerpt"));
    }

    [Fact]
    public async Task Protocol_relative_links_are_external_links()
    {
        var article = await PublishedWith("A paragraph long enough to be an excerpt, with [x](//evil.example/p) and [y](/local/path).");
        var html = article.Str("bodyHtml");
        Assert.Contains("<a href=\"//evil.example/p\" rel=\"noopener\">x</a>", html);
        Assert.Contains("<a href=\"/local/path\">y</a>", html);
    }
}

public sealed class DerivedExcerptTestsOnSqlite(SqliteFixture fx) : DerivedExcerptTests(fx), IClassFixture<SqliteFixture>;

public sealed class DerivedExcerptTestsOnPostgres(PostgresFixture fx) : DerivedExcerptTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
