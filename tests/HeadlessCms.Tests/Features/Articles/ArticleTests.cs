using System.Net;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Features.Articles;

/// <summary>Create, read, replace and delete, plus what the API derives from the content (slug, HTML, excerpt, reading time).</summary>
public abstract class ArticleTests(CmsApiFixture fx)
{
    [Fact]
    public async Task Create_returns_201_with_location_and_the_full_draft()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var first = await content.Tag();
        var second = await content.Tag();
        var title = Unique("Magnet plants");

        var response = await editor.PostJson("/api/v1/articles", new
        {
            title,
            excerpt = "  A short excerpt.  ",
            body = "Plain body.",
            highlights = new[] { "One.", "Two.", "Three." },
            authorId = author.Str("id"),
            tagIds = new[] { second.Str("id"), first.Str("id") },
        });
        var created = await response.Expect(HttpStatusCode.Created);

        var id = Guid.Parse(created.Str("id"));
        Assert.Equal(7, id.Version);
        Assert.Equal($"/api/v1/articles/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(title, created.Str("title"));
        Assert.Equal("A short excerpt.", created.Str("excerpt"));
        Assert.Equal("Plain body.", created.Str("body"));
        Assert.Equal(["One.", "Two.", "Three."], created["highlights"].Strings());
        Assert.Equal("draft", created.Str("status"));
        Assert.Null(created["publishedAt"]);
        Assert.EndsWith("Z", created.Str("createdAt"));
        Assert.EndsWith("Z", created.Str("updatedAt"));
        Assert.Equal(author.Str("id"), created["author"].Str("id"));
        Assert.Equal(author.Str("slug"), created["author"].Str("slug"));
        Assert.Equal(author.Str("name"), created["author"].Str("name"));
        Assert.Equal([second.Str("id"), first.Str("id")], created["tags"]!.AsArray().Select(t => t.Str("id")));
        Assert.Equal(second.Str("slug"), created["tags"]![0].Str("slug"));
        Assert.Equal(second.Str("name"), created["tags"]![0].Str("name"));
        Assert.Null(created["source"]);

        var read = await editor.GetAsync(response.Headers.Location).Expect(HttpStatusCode.OK);
        Assert.Equal(created.ToJsonString(), read.ToJsonString());
    }

    [Fact]
    public async Task Slug_is_generated_from_the_title_with_unicode_transliterated()
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();

        var article = await new ContentBuilder(editor).Draft(author.Str("id"), "Ore and Order: Russia’s Rare Earth Gambit");
        Assert.Equal("ore-and-order-russias-rare-earth-gambit", article.Str("slug"));

        var german = await new ContentBuilder(editor).Draft(author.Str("id"), "Größere Lücken in der Versorgung " + Unique("x"));
        Assert.StartsWith("grossere-lucken-in-der-versorgung-x-", german.Str("slug"));
    }

    [Fact]
    public async Task Duplicate_titles_get_numeric_suffixes()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var title = Unique("Same Title");

        var slugs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            slugs.Add((await content.Draft(author.Str("id"), title)).Str("slug"));
        }

        var expected = title.ToLowerInvariant().Replace(' ', '-');
        Assert.Equal([expected, expected + "-2", expected + "-3"], slugs);
    }

    [Fact]
    public async Task Duplicate_long_titles_get_suffixes_within_the_length_limit()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var title = Unique("Long") + " " + string.Join(' ', Enumerable.Range(1, 25).Select(i => $"word{i}"));
        Assert.InRange(title.Length, 150, 200);

        var slugs = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            slugs.Add((await content.Draft(author.Str("id"), title)).Str("slug"));
        }

        Assert.Equal(4, slugs.Distinct().Count());
        Assert.All(slugs, s => Assert.InRange(s.Length, 60, 120));
        Assert.All(slugs, s => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", s));
        Assert.All(slugs[1..], s => Assert.StartsWith(slugs[0][..40], s));
        Assert.EndsWith("-2", slugs[1]);
        Assert.EndsWith("-3", slugs[2]);
        Assert.EndsWith("-4", slugs[3]);
    }

    [Fact]
    public async Task An_explicit_slug_is_used_and_a_taken_one_is_409()
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();
        var slug = Unique("chosen-slug");

        var fields = ContentBuilder.ArticleFields(author.Str("id"));
        fields["slug"] = slug;
        var created = await editor.PostJson("/api/v1/articles", fields).Expect(HttpStatusCode.Created);
        Assert.Equal(slug, created.Str("slug"));

        var again = ContentBuilder.ArticleFields(author.Str("id"));
        again["slug"] = slug;
        var problem = await editor.PostJson("/api/v1/articles", again).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains(slug, problem.Str("detail"));

        var page = await editor.GetAsync($"/api/v1/articles?author={author.Str("id")}&status=any").Expect(HttpStatusCode.OK);
        Assert.Single(page.Items());
    }

    [Fact]
    public async Task A_title_without_letters_or_digits_needs_an_explicit_slug()
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();

        await editor.PostJson("/api/v1/articles", ContentBuilder.ArticleFields(author.Str("id"), "?!… — ***"))
            .ExpectValidation("slug");

        var fields = ContentBuilder.ArticleFields(author.Str("id"), "?!… — ***");
        fields["slug"] = Unique("punctuation");
        await editor.PostJson("/api/v1/articles", fields).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Get_by_id_and_by_slug_return_the_same_article()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var article = await content.Published((await content.Author()).Str("id"));
        var anonymous = fx.Anonymous();

        var byId = await anonymous.GetAsync($"/api/v1/articles/{article.Str("id")}").Expect(HttpStatusCode.OK);
        var bySlug = await anonymous.GetAsync($"/api/v1/articles/{article.Str("slug")}").Expect(HttpStatusCode.OK);

        Assert.Equal(article.Str("id"), byId.Str("id"));
        Assert.Equal(byId.ToJsonString(), bySlug.ToJsonString());
    }

    [Theory]
    [InlineData("no-such-article-slug")]
    [InlineData("0193a3b0-0000-7000-8000-000000000000")]
    public async Task An_unknown_article_is_a_404_problem(string idOrSlug)
    {
        var problem = await fx.Anonymous().GetAsync($"/api/v1/articles/{idOrSlug}").ExpectProblem(HttpStatusCode.NotFound);
        Assert.Contains(idOrSlug, problem.Str("detail"));

        var editor = await fx.Editor();
        await editor.GetAsync($"/api/v1/articles/{idOrSlug}").ExpectProblem(HttpStatusCode.NotFound);
        await editor.PutJson($"/api/v1/articles/{idOrSlug}", ContentBuilder.ArticleFields((await new ContentBuilder(editor).Author()).Str("id")))
            .ExpectProblem(HttpStatusCode.NotFound);
        await editor.DeleteAsync($"/api/v1/articles/{idOrSlug}").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_replaces_the_content_and_keeps_the_slug_when_omitted()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var otherAuthor = await content.Author();
        var (a, b, c) = (await content.Tag(), await content.Tag(), await content.Tag());
        var original = await content.Draft(author.Str("id"), tagIds: [a.Str("id"), b.Str("id")]);

        var replaced = await editor.PutJson($"/api/v1/articles/{original.Str("id")}", new
        {
            title = "  A new title  ",
            excerpt = "New excerpt.",
            body = "# New body",
            highlights = new[] { "Only one now." },
            authorId = otherAuthor.Str("id"),
            tagIds = new[] { c.Str("id"), b.Str("id") },
        }).Expect(HttpStatusCode.OK);

        Assert.Equal(original.Str("id"), replaced.Str("id"));
        Assert.Equal(original.Str("slug"), replaced.Str("slug"));
        Assert.Equal("A new title", replaced.Str("title"));
        Assert.Equal("New excerpt.", replaced.Str("excerpt"));
        Assert.Equal("# New body", replaced.Str("body"));
        Assert.Contains("New body</h1>", replaced.Str("bodyHtml"));
        Assert.Equal(["Only one now."], replaced["highlights"].Strings());
        Assert.Equal(otherAuthor.Str("id"), replaced["author"].Str("id"));
        Assert.Equal([c.Str("id"), b.Str("id")], replaced["tags"]!.AsArray().Select(t => t.Str("id")));
        Assert.Null(replaced["source"]);
        Assert.Equal(original.Str("createdAt"), replaced.Str("createdAt"));
        Assert.True(DateTimeOffset.Parse(replaced.Str("updatedAt")) >= DateTimeOffset.Parse(original.Str("updatedAt")));

        var read = await editor.GetAsync($"/api/v1/articles/{original.Str("slug")}").Expect(HttpStatusCode.OK);
        Assert.Equal(replaced.ToJsonString(), read.ToJsonString());
    }

    [Fact]
    public async Task Put_can_change_the_slug()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var article = await content.Draft(author.Str("id"));
        var newSlug = Unique("moved");

        var fields = ContentBuilder.ArticleFields(author.Str("id"));
        fields["slug"] = newSlug;
        var moved = await editor.PutJson($"/api/v1/articles/{article.Str("slug")}", fields).Expect(HttpStatusCode.OK);

        Assert.Equal(newSlug, moved.Str("slug"));
        await editor.ExpectMovedOrGone($"/api/v1/articles/{article.Str("slug")}", article.Str("id"), newSlug);
        var read = await editor.GetAsync($"/api/v1/articles/{newSlug}").Expect(HttpStatusCode.OK);
        Assert.Equal(article.Str("id"), read.Str("id"));
    }

    [Fact]
    public async Task Put_with_a_slug_taken_by_another_article_is_409_and_changes_nothing()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var taken = await content.Draft(author.Str("id"));
        var article = await content.Draft(author.Str("id"));

        var fields = ContentBuilder.ArticleFields(author.Str("id"), "Changed title");
        fields["slug"] = taken.Str("slug");
        await editor.PutJson($"/api/v1/articles/{article.Str("id")}", fields).ExpectProblem(HttpStatusCode.Conflict);

        var read = await editor.GetAsync($"/api/v1/articles/{article.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Equal(article.Str("slug"), read.Str("slug"));
        Assert.Equal(article.Str("title"), read.Str("title"));

        // Its own slug is not "taken".
        fields["slug"] = article.Str("slug");
        await editor.PutJson($"/api/v1/articles/{article.Str("id")}", fields).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delete_returns_204_and_then_the_article_is_gone()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var article = await content.Published((await content.Author()).Str("id"));

        var response = await editor.DeleteAsync($"/api/v1/articles/{article.Str("id")}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());

        await fx.Anonymous().GetAsync($"/api/v1/articles/{article.Str("slug")}").ExpectProblem(HttpStatusCode.NotFound);
        await editor.GetAsync($"/api/v1/articles/{article.Str("id")}").ExpectProblem(HttpStatusCode.NotFound);
        await editor.DeleteAsync($"/api/v1/articles/{article.Str("id")}").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Body_is_rendered_to_html_with_headings_and_noopener_on_external_links()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var article = await content.Draft((await content.Author()).Str("id"), body:
            "## Market Outlook\n\nPrices **rose** sharply, says the [report](https://example.org/report).\n\n" +
            "See also [our archive](/archive).");

        var html = article.Str("bodyHtml");
        Assert.Contains("<h2 id=\"market-outlook\">Market Outlook</h2>", html);
        Assert.Contains("<strong>rose</strong>", html);
        Assert.Matches("<a href=\"https://example.org/report\"[^>]*rel=\"noopener\"[^>]*>report</a>", html);
        Assert.Matches("<a href=\"/archive\">our archive</a>", html);
    }

    [Theory]
    [InlineData("Before <script>alert('x')</script> after.", "<script")]
    [InlineData("<img src=\"https://example.org/a.png\" onerror=\"alert('x')\">", "onerror")]
    [InlineData("[click me](javascript:alert('x'))", "javascript:")]
    [InlineData("<a href=\"JaVaScRiPt:alert('x')\">click</a>", "javascript:")]
    [InlineData("<div onclick=\"alert('x')\">text</div>", "onclick")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "<iframe")]
    public async Task Dangerous_markup_never_reaches_bodyHtml(string body, string forbidden)
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var article = await content.Draft((await content.Author()).Str("id"), body: body);

        Assert.DoesNotContain(forbidden, article.Str("bodyHtml"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(body, article.Str("body"));
    }

    [Fact]
    public async Task Reading_time_counts_words_at_230_a_minute_and_is_at_least_one()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = (await content.Author()).Str("id");

        var words = (int n) => string.Join(' ', Enumerable.Repeat("word", n));
        Assert.Equal(1, (await content.Draft(author, body: "Short.")).Int("readingTimeMinutes"));
        Assert.Equal(1, (await content.Draft(author, body: words(230))).Int("readingTimeMinutes"));
        Assert.Equal(2, (await content.Draft(author, body: words(231))).Int("readingTimeMinutes"));
        Assert.Equal(5, (await content.Draft(author, body: "# Heading\n\n" + words(1000))).Int("readingTimeMinutes"));
    }

    [Fact]
    public async Task Excerpt_is_derived_from_the_first_real_paragraph_when_omitted()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = (await content.Author()).Str("id");

        var article = await content.Draft(author, body:
            "## Overview\n\nThe refinery in the north doubled its **output** this year, according to the operator.\n\nSecond paragraph.");
        Assert.Equal("The refinery in the north doubled its output this year, according to the operator.", article.Str("excerpt"));

        var longParagraph = string.Join(' ', Enumerable.Repeat("lengthy", 80));
        var cut = await content.Draft(author, body: longParagraph);
        var excerpt = cut.Str("excerpt");
        Assert.EndsWith("…", excerpt);
        Assert.True(excerpt.Length <= 300, $"Excerpt has {excerpt.Length} characters.");
        Assert.StartsWith("lengthy lengthy", excerpt);
        Assert.Matches("^(lengthy )+lengthy…$", excerpt);
    }

    [Fact]
    public async Task Source_attribution_round_trips_and_can_be_removed()
    {
        var editor = await fx.Editor();
        var author = (await new ContentBuilder(editor).Author()).Str("id");
        var fields = ContentBuilder.ArticleFields(author);
        fields["source"] = new { name = "  Critical Minerals Review  ", url = "https://example.org/analysis?id=7", publishedOn = "2025-11-03" };

        var created = await editor.PostJson("/api/v1/articles", fields).Expect(HttpStatusCode.Created);
        var source = created["source"]!;
        Assert.Equal("Critical Minerals Review", source.Str("name"));
        Assert.Equal("https://example.org/analysis?id=7", source.Str("url"));
        Assert.Equal("2025-11-03", source.Str("publishedOn"));

        fields["source"] = new { name = "Only a name" };
        var nameOnly = await editor.PutJson($"/api/v1/articles/{created.Str("id")}", fields).Expect(HttpStatusCode.OK);
        Assert.Equal("Only a name", nameOnly["source"].Str("name"));
        Assert.Null(nameOnly["source"]!["url"]);
        Assert.Null(nameOnly["source"]!["publishedOn"]);

        fields.Remove("source");
        var without = await editor.PutJson($"/api/v1/articles/{created.Str("id")}", fields).Expect(HttpStatusCode.OK);
        Assert.Null(without["source"]);
    }
}

public sealed class ArticleTestsOnSqlite(SqliteFixture fx) : ArticleTests(fx), IClassFixture<SqliteFixture>;

public sealed class ArticleTestsOnPostgres(PostgresFixture fx) : ArticleTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
