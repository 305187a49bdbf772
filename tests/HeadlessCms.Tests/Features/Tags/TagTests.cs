using System.Net;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Features.Tags;

public abstract class TagTests(CmsApiFixture fx)
{
    [Fact]
    public async Task Create_returns_201_with_location_and_a_generated_slug()
    {
        var editor = await fx.Editor();
        var name = "Métaux & Minéraux " + Unique("x");

        var response = await editor.PostJson("/api/v1/tags", new { name, description = "  Metals and minerals.  " });
        var tag = await response.Expect(HttpStatusCode.Created);

        Assert.Equal($"/api/v1/tags/{tag.Str("id")}", response.Headers.Location?.OriginalString);
        Assert.Equal(name, tag.Str("name"));
        Assert.StartsWith("metaux-mineraux-x-", tag.Str("slug"));
        Assert.Equal("Metals and minerals.", tag.Str("description"));
        Assert.Equal(0, tag.Int("publishedArticleCount"));

        var read = await fx.Anonymous().GetAsync(response.Headers.Location).Expect(HttpStatusCode.OK);
        Assert.Equal(tag.ToJsonString(), read.ToJsonString());
        var bySlug = await fx.Anonymous().GetAsync($"/api/v1/tags/{tag.Str("slug")}").Expect(HttpStatusCode.OK);
        Assert.Equal(tag.ToJsonString(), bySlug.ToJsonString());
    }

    [Fact]
    public async Task Unknown_tags_are_404()
    {
        var editor = await fx.Editor();
        await fx.Anonymous().GetAsync($"/api/v1/tags/{Unique("none")}").ExpectProblem(HttpStatusCode.NotFound);
        await fx.Anonymous().GetAsync($"/api/v1/tags/{Guid.CreateVersion7()}").ExpectProblem(HttpStatusCode.NotFound);
        await editor.PutJson($"/api/v1/tags/{Unique("none")}", new { name = "X" }).ExpectProblem(HttpStatusCode.NotFound);
        await editor.DeleteAsync($"/api/v1/tags/{Unique("none")}").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_explicit_slug_is_used_and_a_taken_one_is_409()
    {
        var editor = await fx.Editor();
        var slug = Unique("topic");

        Assert.Equal(slug, (await editor.PostJson("/api/v1/tags", new { name = "Topic", slug }).Expect(HttpStatusCode.Created)).Str("slug"));
        await editor.PostJson("/api/v1/tags", new { name = "Topic again", slug }).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Equal(slug + "-2", (await editor.PostJson("/api/v1/tags", new { name = slug }).Expect(HttpStatusCode.Created)).Str("slug"));
    }

    [Fact]
    public async Task Put_replaces_fields_keeps_or_changes_the_slug_and_409s_on_a_taken_one()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var tag = await content.Tag();
        var other = await content.Tag();

        var renamed = await editor.PutJson($"/api/v1/tags/{tag.Str("slug")}", new { name = "Renamed" }).Expect(HttpStatusCode.OK);
        Assert.Equal(tag.Str("slug"), renamed.Str("slug"));
        Assert.Equal("Renamed", renamed.Str("name"));
        Assert.Null(renamed["description"]);

        var newSlug = Unique("moved");
        var moved = await editor.PutJson($"/api/v1/tags/{tag.Str("id")}", new { name = "Moved", slug = newSlug }).Expect(HttpStatusCode.OK);
        Assert.Equal(newSlug, moved.Str("slug"));
        await fx.Anonymous().ExpectMovedOrGone($"/api/v1/tags/{tag.Str("slug")}", tag.Str("id"), newSlug);

        await editor.PutJson($"/api/v1/tags/{tag.Str("id")}", new { name = "Clash", slug = other.Str("slug") })
            .ExpectProblem(HttpStatusCode.Conflict);
        Assert.Equal(newSlug, (await fx.Anonymous().GetAsync($"/api/v1/tags/{tag.Str("id")}").Expect(HttpStatusCode.OK)).Str("slug"));
    }

    [Fact]
    public async Task Article_responses_show_the_tag_under_its_new_name()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var tag = await content.Tag();
        var article = await content.Published((await content.Author()).Str("id"), tagIds: [tag.Str("id")]);

        await editor.PutJson($"/api/v1/tags/{tag.Str("id")}", new { name = "Now Renamed" }).Expect(HttpStatusCode.OK);

        var read = await fx.Anonymous().GetAsync($"/api/v1/articles/{article.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Equal("Now Renamed", read["tags"]![0].Str("name"));
    }

    [Fact]
    public async Task PublishedArticleCount_counts_only_published_articles()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = (await content.Author()).Str("id");
        var tag = await content.Tag();
        var first = await content.Published(author, tagIds: [tag.Str("id")]);
        await content.Published(author, tagIds: [tag.Str("id")]);
        await content.Draft(author, tagIds: [tag.Str("id")]);
        await content.Published(author);

        async Task<int> Count() =>
            (await fx.Anonymous().GetAsync($"/api/v1/tags/{tag.Str("id")}").Expect(HttpStatusCode.OK)).Int("publishedArticleCount");

        Assert.Equal(2, await Count());
        await content.Unpublish(first.Str("id"));
        Assert.Equal(1, await Count());
    }

    [Fact]
    public async Task Deleting_a_tag_detaches_it_from_its_articles()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var doomed = await content.Tag();
        var kept = await content.Tag();
        var article = await content.Published(author.Str("id"), tagIds: [doomed.Str("id"), kept.Str("id")]);

        var response = await editor.DeleteAsync($"/api/v1/tags/{doomed.Str("slug")}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        await fx.Anonymous().GetAsync($"/api/v1/tags/{doomed.Str("id")}").ExpectProblem(HttpStatusCode.NotFound);
        var read = await fx.Anonymous().GetAsync($"/api/v1/articles/{article.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Equal([kept.Str("id")], read["tags"]!.AsArray().Select(t => t.Str("id")));
        Assert.Equal(article.Str("body"), read.Str("body"));
        await fx.Anonymous().GetAsync($"/api/v1/articles?tag={doomed.Str("slug")}").ExpectProblem(HttpStatusCode.NotFound);
        var listed = await fx.Anonymous().GetAsync($"/api/v1/articles?author={author.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Equal([kept.Str("id")], listed.Items().Single()!["tags"]!.AsArray().Select(t => t.Str("id")));

        // The article can still be replaced with its remaining tags, and the deleted id is now unknown.
        var fields = ContentBuilder.ArticleFields(author.Str("id"));
        fields["tagIds"] = new[] { kept.Str("id") };
        await editor.PutJson($"/api/v1/articles/{article.Str("id")}", fields).Expect(HttpStatusCode.OK);
        fields["tagIds"] = new[] { doomed.Str("id") };
        await editor.PutJson($"/api/v1/articles/{article.Str("id")}", fields).ExpectValidation("tagIds");
    }

    [Fact]
    public async Task The_list_pages_through_all_tags_by_slug()
    {
        var editor = await fx.Editor();
        var prefix = Unique("ttt");
        foreach (var suffix in new[] { "b", "c", "a" })
        {
            await editor.PostJson("/api/v1/tags", new { name = "Listed", slug = $"{prefix}-{suffix}" }).Expect(HttpStatusCode.Created);
        }

        var anonymous = fx.Anonymous();
        var slugs = new List<string>();
        string? cursor = null;
        do
        {
            var page = await anonymous.GetAsync("/api/v1/tags?limit=3" + (cursor is null ? "" : $"&cursor={cursor}")).Expect(HttpStatusCode.OK);
            slugs.AddRange(page.Items().Select(t => t.Str("slug")));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null && slugs.Count < 1000);

        Assert.Equal(slugs.Distinct().Count(), slugs.Count);
        Assert.Equal(slugs.Order(StringComparer.Ordinal), slugs);
        Assert.Equal([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"], slugs.Where(s => s.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Contains("rare-earths", slugs);

        await anonymous.GetAsync("/api/v1/tags?limit=0").ExpectValidation("limit");
        await anonymous.GetAsync("/api/v1/tags?limit=101").ExpectValidation("limit");
        await anonymous.GetAsync("/api/v1/tags?cursor=%25%25%25").ExpectValidation("cursor");
    }

    [Fact]
    public async Task Validation_names_the_field()
    {
        var editor = await fx.Editor();
        await editor.PostJson("/api/v1/tags", new { name = "" }).ExpectValidation("name");
        await editor.PostJson("/api/v1/tags", new { name = new string('n', 101) }).ExpectValidation("name");
        await editor.PostJson("/api/v1/tags", new { name = "Ok", slug = "not_ok" }).ExpectValidation("slug");
        await editor.PostJson("/api/v1/tags", new { name = "Ok", description = new string('d', 601) }).ExpectValidation("description");
        await editor.PostJson("/api/v1/tags", new { name = "", slug = "-bad-" }).ExpectValidation("name", "slug");
    }

    [Fact]
    public async Task Writes_need_an_editor_key()
    {
        var tag = await new ContentBuilder(await fx.Editor()).Tag();
        var partner = await fx.As("partner");

        await fx.Anonymous().PostJson("/api/v1/tags", new { name = "Anon" }).ExpectUnauthorized();
        await partner.PostJson("/api/v1/tags", new { name = "Partner" }).ExpectProblem(HttpStatusCode.Forbidden);
        await partner.PutJson($"/api/v1/tags/{tag.Str("id")}", new { name = "Partner" }).ExpectProblem(HttpStatusCode.Forbidden);
        await fx.Anonymous().DeleteAsync($"/api/v1/tags/{tag.Str("id")}").ExpectUnauthorized();
        await fx.Anonymous().GetAsync($"/api/v1/tags/{tag.Str("id")}").Expect(HttpStatusCode.OK);
    }
}

public sealed class TagTestsOnSqlite(SqliteFixture fx) : TagTests(fx), IClassFixture<SqliteFixture>;

public sealed class TagTestsOnPostgres(PostgresFixture fx) : TagTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
