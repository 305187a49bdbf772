using System.Net;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Common;

/// <summary>
/// One request shape: a member the body's schema does not list is a 400 field error naming it, on every POST and PUT
/// as on PATCH, and nothing is written. (It used to be dropped: "highlight" for "highlights" created the article
/// without its highlights.)
/// </summary>
public abstract class UnknownMemberTests(CmsApiFixture fx)
{
    [Fact]
    public async Task A_misspelt_member_on_create_is_a_400_naming_it_and_creates_nothing()
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();
        var title = Unique("Misspelt");

        var problem = await editor.PostJson("/api/v1/articles", new { title, body = "Body.", authorId = author.Str("id"), highlight = new[] { "One." } })
            .ExpectValidation("highlight");

        Assert.Contains("'highlight' is not a field", problem["errors"]!["highlight"]!.Strings().Single());
        var drafts = await editor.GetAsync("/api/v1/articles?status=any&limit=100").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(drafts.Items(), a => a.Str("title") == title);
    }

    [Fact]
    public async Task A_member_inside_a_nested_object_is_named_with_its_path()
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();

        await editor.PostJson("/api/v1/articles", new
        {
            title = Unique("Nested"),
            body = "Body.",
            authorId = author.Str("id"),
            source = new { name = "Agency", publisher = "Someone" },
        }).ExpectValidation("source.publisher");
    }

    [Fact]
    public async Task Every_kind_of_write_refuses_unknown_members()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var tag = await content.Tag();
        var article = await content.Published(author.Str("id"));

        await editor.PutJson($"/api/v1/authors/{author.Str("id")}", new { name = "Renamed", nickname = "R" }).ExpectValidation("nickname");
        await editor.PostJson("/api/v1/tags", new { name = Unique("Tag"), colour = "red" }).ExpectValidation("colour");
        await editor.PutJson($"/api/v1/tags/{tag.Str("id")}", new { name = "Renamed", colour = "red" }).ExpectValidation("colour");
        await editor.PutJson($"/api/v1/articles/{article.Str("id")}", ContentBuilder.ArticleFields(author.Str("id")).Append(new("subtitle", "x")).ToDictionary())
            .ExpectValidation("subtitle");
        await fx.Admin().PostJson("/api/v1/api-keys", new { name = Unique("key"), role = "editor", scopes = new[] { "all" } }).ExpectValidation("scopes");
        await fx.From("203.0.113.77").PostJson($"/api/v1/articles/{article.Str("slug")}/comments",
            new { authorName = "Dana", authorEmail = "dana@example.com", body = "Hello.", rating = 5 }).ExpectValidation("rating");

        // Nothing was changed by the refused writes.
        var unchanged = await fx.Anonymous().GetAsync($"/api/v1/authors/{author.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Equal(author.Str("name"), unchanged.Str("name"));
    }
}

public sealed class UnknownMemberTestsOnSqlite(SqliteFixture fx) : UnknownMemberTests(fx), IClassFixture<SqliteFixture>;

public sealed class UnknownMemberTestsOnPostgres(PostgresFixture fx) : UnknownMemberTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
