using System.Net;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Features.Articles;

/// <summary>Every rule of an article write answers 400 problem JSON with the offending field as the key, on create and on replace.</summary>
public abstract class ArticleValidationTests(CmsApiFixture fx)
{
    /// <summary>Named cases, so test names stay readable whatever the size of the value.</summary>
    private static readonly Dictionary<string, (string Field, object? Value, string ErrorKey)> Cases = new()
    {
        ["title empty"] = ("title", "", "title"),
        ["title blank"] = ("title", "   ", "title"),
        ["title missing"] = ("title", null, "title"),
        ["title over 200"] = ("title", new string('t', 201), "title"),
        ["slug upper case and space"] = ("slug", "Has Upper Case", "slug"),
        ["slug trailing hyphen"] = ("slug", "trailing-hyphen-", "slug"),
        ["slug double hyphen"] = ("slug", "double--hyphen", "slug"),
        ["slug non-ascii"] = ("slug", "ünïcode", "slug"),
        ["slug empty"] = ("slug", "", "slug"),
        ["slug over 120"] = ("slug", new string('s', 121), "slug"),
        ["excerpt over 600"] = ("excerpt", new string('e', 601), "excerpt"),
        ["body missing"] = ("body", null, "body"),
        ["body over 200000"] = ("body", new string('b', 200_001), "body"),
        ["authorId missing"] = ("authorId", null, "authorId"),
        ["authorId empty guid"] = ("authorId", Guid.Empty.ToString(), "authorId"),
        ["21 highlights"] = ("highlights", Enumerable.Range(0, 21).Select(i => $"h{i}").ToArray(), "highlights"),
        ["empty highlight"] = ("highlights", new[] { "ok", "" }, "highlights[1]"),
        ["highlight over 500"] = ("highlights", new[] { new string('h', 501) }, "highlights[0]"),
        ["21 tags"] = ("tagIds", Enumerable.Range(0, 21).Select(_ => Guid.NewGuid().ToString()).ToArray(), "tagIds"),
        ["source without name"] = ("source", new { url = "https://example.org" }, "source.name"),
        ["source name over 200"] = ("source", new { name = new string('n', 201) }, "source.name"),
        ["source url without scheme"] = ("source", new { name = "Agency", url = "example.org/report" }, "source.url"),
        ["source url relative"] = ("source", new { name = "Agency", url = "/relative/report" }, "source.url"),
        ["source url ftp"] = ("source", new { name = "Agency", url = "ftp://example.org/report" }, "source.url"),
    };

    public static TheoryData<string> InvalidFields => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Create_rejects_an_invalid_field(string name)
    {
        var (field, value, errorKey) = Cases[name];
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();
        var fields = ContentBuilder.ArticleFields(author.Str("id"));
        fields[field] = value;

        var problem = await editor.PostJson("/api/v1/articles", fields).ExpectValidation(errorKey);

        Assert.Equal("One or more validation errors occurred.", problem.Str("title"));
        var listed = await editor.GetAsync($"/api/v1/articles?author={author.Str("id")}&status=any").Expect(HttpStatusCode.OK);
        Assert.Empty(listed.Items());
    }

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Replace_rejects_an_invalid_field(string name)
    {
        var (field, value, errorKey) = Cases[name];
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var article = await content.Draft(author.Str("id"));
        var fields = ContentBuilder.ArticleFields(author.Str("id"));
        fields[field] = value;

        await editor.PutJson($"/api/v1/articles/{article.Str("id")}", fields).ExpectValidation(errorKey);

        var read = await editor.GetAsync($"/api/v1/articles/{article.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Equal(article.ToJsonString(), read.ToJsonString());
    }

    [Fact]
    public async Task The_limits_themselves_are_accepted()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var tags = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            tags.Add((await content.Tag()).Str("id"));
        }

        var fields = ContentBuilder.ArticleFields(author.Str("id"), new string('t', 200));
        fields["slug"] = Unique("s") + "-" + new string('s', 100);
        fields["excerpt"] = new string('e', 600);
        fields["body"] = new string('b', 200_000);
        fields["highlights"] = Enumerable.Range(0, 20).Select(_ => new string('h', 500)).ToArray();
        fields["tagIds"] = tags;
        fields["source"] = new { name = new string('n', 200), url = "http://example.org/x" };

        var created = await editor.PostJson("/api/v1/articles", fields).Expect(HttpStatusCode.Created);

        Assert.Equal(200, created.Str("title").Length);
        Assert.Equal(200_000, created.Str("body").Length);
        Assert.Equal(20, created["tags"]!.AsArray().Count);
        Assert.Equal(tags, created["tags"]!.AsArray().Select(t => t.Str("id")));
    }

    [Fact]
    public async Task Several_invalid_fields_are_reported_together()
    {
        var editor = await fx.Editor();
        var problem = await editor.PostJson("/api/v1/articles", new { title = "", body = (string?)null, slug = "BAD" })
            .ExpectValidation("title", "body", "slug", "authorId");
        Assert.NotEmpty(problem["errors"]!["title"].Strings());
    }

    [Fact]
    public async Task A_duplicate_tag_id_is_a_400()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var tag = await content.Tag();
        var fields = ContentBuilder.ArticleFields(author.Str("id"));
        fields["tagIds"] = new[] { tag.Str("id"), tag.Str("id") };

        await editor.PostJson("/api/v1/articles", fields).ExpectValidation("tagIds");
    }

    [Fact]
    public async Task An_unknown_author_is_a_400_naming_authorId()
    {
        var editor = await fx.Editor();
        var unknown = Guid.CreateVersion7().ToString();
        var fields = ContentBuilder.ArticleFields(unknown);

        var problem = await editor.PostJson("/api/v1/articles", fields).ExpectValidation("authorId");
        Assert.Contains(unknown, problem["errors"]!["authorId"]![0]!.GetValue<string>());

        var article = await new ContentBuilder(editor).Draft((await new ContentBuilder(editor).Author()).Str("id"));
        await editor.PutJson($"/api/v1/articles/{article.Str("id")}", fields).ExpectValidation("authorId");
    }

    [Fact]
    public async Task Unknown_tag_ids_are_a_400_naming_tagIds()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var known = await content.Tag();
        var unknown = Guid.CreateVersion7().ToString();
        var fields = ContentBuilder.ArticleFields(author.Str("id"));
        fields["tagIds"] = new[] { known.Str("id"), unknown };

        var problem = await editor.PostJson("/api/v1/articles", fields).ExpectValidation("tagIds");

        var message = problem["errors"]!["tagIds"]![0]!.GetValue<string>();
        Assert.Contains(unknown, message);
        Assert.DoesNotContain(known.Str("id"), message);
        var listed = await editor.GetAsync($"/api/v1/articles?author={author.Str("id")}&status=any").Expect(HttpStatusCode.OK);
        Assert.Empty(listed.Items());
    }
}

public sealed class ArticleValidationTestsOnSqlite(SqliteFixture fx) : ArticleValidationTests(fx), IClassFixture<SqliteFixture>;

public sealed class ArticleValidationTestsOnPostgres(PostgresFixture fx) : ArticleValidationTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
