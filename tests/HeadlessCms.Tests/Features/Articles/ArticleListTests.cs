using System.Net;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Tests.Features.Articles;

/// <summary>
/// GET /articles: newest first, keyset pages, filters. The database also holds sample content and other tests'
/// articles, so every assertion about a whole list filters by an author or tag this test created.
/// </summary>
public abstract class ArticleListTests(CmsApiFixture fx)
{
    [Fact]
    public async Task The_default_page_size_is_20()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var published = await content.PublishedSeries(author.Str("id"), 21);

        var response = await fx.Anonymous().GetAsync($"/api/v1/articles?author={author.Str("id")}");
        var page = await response.Expect(HttpStatusCode.OK);

        Assert.Equal(published.AsEnumerable().Reverse().Take(20), page.Ids());
        Assert.NotNull(page["nextCursor"]);
        Assert.NotNull(response.NextLink());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-1)]
    public async Task A_limit_out_of_range_is_a_400_not_clamped(int limit)
    {
        var problem = await fx.Anonymous().GetAsync($"/api/v1/articles?limit={limit}").ExpectValidation("limit");
        Assert.Equal("One or more validation errors occurred.", problem.Str("title"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task The_limits_1_and_100_are_accepted(int limit)
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var published = await content.PublishedSeries(author.Str("id"), 2);

        var page = await fx.Anonymous().GetAsync($"/api/v1/articles?author={author.Str("slug")}&limit={limit}").Expect(HttpStatusCode.OK);

        Assert.Equal(published.AsEnumerable().Reverse().Take(limit), page.Ids());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("not base64 !!")]
    [InlineData("dDE6MTIzNDU")]                 // "t1:12345": no id
    [InlineData("czE6c29tZS1zbHVn")]            // "s1:some-slug": an authors/tags cursor
    [InlineData("dDE6LTE6MDE5M2EzYjAwMDAwNzAwMDgwMDAwMDAwMDAwMDAwMDA")] // negative ticks
    public async Task A_malformed_cursor_is_a_400_naming_the_cursor(string cursor)
    {
        await fx.Anonymous().GetAsync($"/api/v1/articles?cursor={Uri.EscapeDataString(cursor)}").ExpectValidation("cursor");
    }

    [Fact]
    public async Task Paging_through_46_articles_serves_each_exactly_once_newest_first()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var published = await content.PublishedSeries(author.Str("id"), 46);
        var anonymous = fx.Anonymous();

        var seen = new List<string>();
        var publishedAts = new List<DateTimeOffset>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/articles?author={author.Str("id")}&limit=10" + (cursor is null ? "" : $"&cursor={cursor}");
            var response = await anonymous.GetAsync(url);
            var page = await response.Expect(HttpStatusCode.OK);
            pages++;

            seen.AddRange(page.Ids());
            publishedAts.AddRange(page.Items().Select(a => DateTimeOffset.Parse(a.Str("publishedAt"))));
            Assert.True(page.AsObject().ContainsKey("nextCursor"), "A page always carries nextCursor, null on the last one.");
            cursor = page["nextCursor"]?.GetValue<string>();

            var link = response.NextLink();
            if (cursor is null)
            {
                Assert.Null(link);
                Assert.Equal(6, page.Items().Count);
            }
            else
            {
                Assert.Equal(10, page.Items().Count);
                Assert.NotNull(link);
                var next = new Uri(new Uri("http://localhost"), link); // relative unless Cms:PublicBaseUrl is set
                Assert.Equal("/api/v1/articles", next.AbsolutePath);
                var query = System.Web.HttpUtility.ParseQueryString(next.Query);
                Assert.Equal(cursor, query["cursor"]);
                Assert.Equal(author.Str("id"), query["author"]);
                Assert.Equal("10", query["limit"]);
            }
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(5, pages);
        Assert.Equal(published.AsEnumerable().Reverse(), seen);
        Assert.Equal(publishedAts.OrderDescending(), publishedAts);
    }

    [Fact]
    public async Task Articles_published_at_the_same_instant_are_paged_without_repeats_or_gaps()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var ids = await content.PublishedSeries(author.Str("id"), 7);

        // Ties on the timestamp are rare through the API but certain in imports; the id must break them.
        var authorId = Guid.Parse(author.Str("id"));
        var instant = new DateTime(2025, 6, 1, 8, 30, 0, DateTimeKind.Utc);
        await using (var db = fx.NewDbContext())
        {
            var updated = await db.Articles.Where(a => a.AuthorId == authorId)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.PublishedAt, instant).SetProperty(a => a.ListedAt, instant));
            Assert.Equal(7, updated);
        }

        var anonymous = fx.Anonymous();
        var whole = (await anonymous.GetAsync($"/api/v1/articles?author={authorId}&limit=100").Expect(HttpStatusCode.OK)).Ids();
        Assert.Equal(ids.Order(), whole.Order());

        var seen = new List<string>();
        string? next = $"/api/v1/articles?author={authorId}&limit=2";
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 10, "The pages never ended.");
            var response = await anonymous.GetAsync(next);
            seen.AddRange((await response.Expect(HttpStatusCode.OK)).Ids());
            next = response.NextLink();
        }

        Assert.Equal(whole, seen);
    }

    [Fact]
    public async Task Following_the_link_header_walks_the_same_pages()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var tag = await content.Tag();
        var author = await content.Author();
        var published = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            published.Add((await content.Published(author.Str("id"), tagIds: [tag.Str("id")])).Str("id"));
        }

        var seen = new List<string>();
        string? next = $"/api/v1/articles?tag={tag.Str("slug")}&limit=3";
        var anonymous = fx.Anonymous();
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 5, "The Link header never ran out.");
            var response = await anonymous.GetAsync(next);
            seen.AddRange((await response.Expect(HttpStatusCode.OK)).Ids());
            next = response.NextLink();
        }

        Assert.Equal(published.AsEnumerable().Reverse(), seen);
    }

    [Fact]
    public async Task Articles_published_while_paging_cause_no_repeats_or_gaps()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var original = await content.PublishedSeries(author.Str("id"), 15);
        var anonymous = fx.Anonymous();
        var added = new List<string>();

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/articles?author={author.Str("slug")}&limit=4" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await anonymous.GetAsync(url).Expect(HttpStatusCode.OK);
            seen.AddRange(page.Ids());
            cursor = page["nextCursor"]?.GetValue<string>();

            // Between pages, new articles arrive at the top of the timeline and drafts appear.
            added.AddRange(await content.PublishedSeries(author.Str("id"), 2));
            await content.Draft(author.Str("id"));
        }
        while (cursor is not null && seen.Count < 100);

        Assert.Equal(original.AsEnumerable().Reverse(), seen);
        Assert.DoesNotContain(seen, added.Contains);

        // A fresh walk sees everything, the newcomers first.
        var all = await anonymous.GetAsync($"/api/v1/articles?author={author.Str("slug")}&limit=100").Expect(HttpStatusCode.OK);
        Assert.Equal(original.Concat(added).Reverse(), all.Ids());
    }

    [Fact]
    public async Task Filters_by_tag_slug_and_by_tag_id()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var tag = await content.Tag();
        var other = await content.Tag();
        var first = await content.Published(author.Str("id"), tagIds: [tag.Str("id")]);
        await content.Published(author.Str("id"), tagIds: [other.Str("id")]);
        var second = await content.Published(author.Str("id"), tagIds: [other.Str("id"), tag.Str("id")]);
        await content.Draft(author.Str("id"), tagIds: [tag.Str("id")]);

        string[] expected = [second.Str("id"), first.Str("id")];
        var anonymous = fx.Anonymous();
        Assert.Equal(expected, (await anonymous.GetAsync($"/api/v1/articles?tag={tag.Str("slug")}").Expect(HttpStatusCode.OK)).Ids());
        Assert.Equal(expected, (await anonymous.GetAsync($"/api/v1/articles?tag={tag.Str("id")}").Expect(HttpStatusCode.OK)).Ids());
    }

    [Fact]
    public async Task Filters_by_author_slug_and_by_author_id_and_combines_with_tag()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var someoneElse = await content.Author();
        var tag = await content.Tag();
        var mine = await content.Published(author.Str("id"));
        var mineTagged = await content.Published(author.Str("id"), tagIds: [tag.Str("id")]);
        await content.Published(someoneElse.Str("id"), tagIds: [tag.Str("id")]);

        var anonymous = fx.Anonymous();
        string[] expected = [mineTagged.Str("id"), mine.Str("id")];
        Assert.Equal(expected, (await anonymous.GetAsync($"/api/v1/articles?author={author.Str("slug")}").Expect(HttpStatusCode.OK)).Ids());
        Assert.Equal(expected, (await anonymous.GetAsync($"/api/v1/articles?author={author.Str("id")}").Expect(HttpStatusCode.OK)).Ids());

        var both = await anonymous.GetAsync($"/api/v1/articles?author={author.Str("slug")}&tag={tag.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Equal([mineTagged.Str("id")], both.Ids());
    }

    [Theory]
    [InlineData("tag")]
    [InlineData("author")]
    public async Task An_unknown_tag_or_author_filter_is_404(string filter)
    {
        var anonymous = fx.Anonymous();
        var problem = await anonymous.GetAsync($"/api/v1/articles?{filter}=no-such-{filter}").ExpectProblem(HttpStatusCode.NotFound);
        Assert.Contains($"no-such-{filter}", problem.Str("detail"));
        await anonymous.GetAsync($"/api/v1/articles?{filter}={Guid.CreateVersion7()}").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Editors_list_drafts_with_status_draft_and_everything_with_status_any()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var published = await content.Published(author.Str("id"));
        var draft = await content.Draft(author.Str("id"));
        var list = $"/api/v1/articles?author={author.Str("id")}";

        var drafts = await editor.GetAsync(list + "&status=draft").Expect(HttpStatusCode.OK);
        Assert.Equal([draft.Str("id")], drafts.Ids());
        Assert.Equal("draft", drafts.Items()[0].Str("status"));

        var any = await editor.GetAsync(list + "&status=any").Expect(HttpStatusCode.OK);
        Assert.Equal([draft.Str("id"), published.Str("id")], any.Ids());

        Assert.Equal([published.Str("id")], (await editor.GetAsync(list).Expect(HttpStatusCode.OK)).Ids());
        Assert.Equal([published.Str("id")], (await editor.GetAsync(list + "&status=published").Expect(HttpStatusCode.OK)).Ids());
        Assert.Equal([draft.Str("id"), published.Str("id")], (await fx.Admin().GetAsync(list + "&status=any").Expect(HttpStatusCode.OK)).Ids());
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("any")]
    public async Task Listing_drafts_is_401_anonymously_and_403_for_a_partner(string status)
    {
        await fx.Anonymous().GetAsync($"/api/v1/articles?status={status}").ExpectUnauthorized();
        await (await fx.As("partner")).GetAsync($"/api/v1/articles?status={status}").ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Empty_filters_mean_no_filter()
    {
        var plain = await fx.Anonymous().GetAsync("/api/v1/articles?limit=5").Expect(HttpStatusCode.OK);
        var empty = await fx.Anonymous().GetAsync("/api/v1/articles?limit=5&tag=&author=&status=&cursor=").Expect(HttpStatusCode.OK);
        Assert.Equal(plain["items"]!.ToJsonString(), empty["items"]!.ToJsonString());
    }

    [Theory]
    [InlineData("Published")]
    [InlineData("deleted")]
    public async Task An_unknown_status_is_a_400(string status)
    {
        var editor = await fx.Editor();
        await editor.GetAsync($"/api/v1/articles?status={status}").ExpectValidation("status");
    }

    [Fact]
    public async Task PublishedAfter_is_inclusive_and_publishedBefore_exclusive()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var ids = await content.PublishedSeries(author.Str("id"), 3);
        var at = new List<string>();
        foreach (var id in ids)
        {
            at.Add((await editor.GetAsync($"/api/v1/articles/{id}").Expect(HttpStatusCode.OK)).Str("publishedAt"));
        }

        var anonymous = fx.Anonymous();
        async Task<string[]> List(string query) =>
            (await anonymous.GetAsync($"/api/v1/articles?author={author.Str("id")}&{query}").Expect(HttpStatusCode.OK)).Ids();

        Assert.Equal([ids[2], ids[1]], await List($"publishedAfter={Uri.EscapeDataString(at[1])}"));
        Assert.Equal([ids[0]], await List($"publishedBefore={Uri.EscapeDataString(at[1])}"));
        Assert.Equal([ids[1]], await List($"publishedAfter={Uri.EscapeDataString(at[1])}&publishedBefore={Uri.EscapeDataString(at[2])}"));

        // An offset is an instant like any other.
        var inBerlin = DateTimeOffset.Parse(at[1]).ToOffset(TimeSpan.FromHours(2)).ToString("O");
        Assert.Equal([ids[2], ids[1]], await List($"publishedAfter={Uri.EscapeDataString(inBerlin)}"));
    }

    [Fact]
    public async Task PublishedBefore_must_be_later_than_publishedAfter()
    {
        await fx.Anonymous().GetAsync("/api/v1/articles?publishedAfter=2026-02-01T00:00:00Z&publishedBefore=2026-01-01T00:00:00Z")
            .ExpectValidation("publishedBefore");
    }

    [Fact]
    public async Task List_items_leave_out_the_body_and_carry_the_highlight_count()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var tag = await content.Tag();
        var article = await content.Published(author.Str("id"), tagIds: [tag.Str("id")]);
        await editor.PutJson($"/api/v1/articles/{article.Str("id")}/highlights", new[] { "a", "b", "c" }).Expect(HttpStatusCode.OK);

        var item = (await fx.Anonymous().GetAsync($"/api/v1/articles?author={author.Str("id")}").Expect(HttpStatusCode.OK)).Items().Single()!.AsObject();

        Assert.False(item.ContainsKey("body"));
        Assert.False(item.ContainsKey("bodyHtml"));
        Assert.False(item.ContainsKey("highlights"));
        Assert.Equal(3, item.Int("highlightCount"));
        Assert.Equal(article.Str("slug"), item.Str("slug"));
        Assert.Equal(article.Str("title"), item.Str("title"));
        Assert.Equal(article.Str("excerpt"), item.Str("excerpt"));
        Assert.Equal(article.Str("publishedAt"), item.Str("publishedAt"));
        Assert.Equal(author.Str("slug"), item["author"].Str("slug"));
        Assert.Equal(tag.Str("slug"), item["tags"]![0].Str("slug"));
        Assert.Equal("Example Analysis Group", item["source"].Str("name"));
        Assert.Equal(article.Int("readingTimeMinutes"), item.Int("readingTimeMinutes"));
    }

    [Fact]
    public async Task The_last_page_has_a_null_cursor_and_no_link_header()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        await content.PublishedSeries(author.Str("id"), 2);

        var response = await fx.Anonymous().GetAsync($"/api/v1/articles?author={author.Str("id")}&limit=2");
        var page = await response.Expect(HttpStatusCode.OK);

        Assert.Equal(2, page.Items().Count);
        Assert.True(page.AsObject().TryGetPropertyValue("nextCursor", out var next) && next is null);
        Assert.False(response.Headers.Contains("Link"));
    }

    [Fact]
    public async Task An_author_without_articles_lists_an_empty_page()
    {
        var content = new ContentBuilder(await fx.Editor());
        var author = await content.Author();

        var page = await fx.Anonymous().GetAsync($"/api/v1/articles?author={author.Str("slug")}").Expect(HttpStatusCode.OK);

        Assert.Equal("""{"items":[],"nextCursor":null}""", page.ToJsonString());
    }
}

public sealed class ArticleListTestsOnSqlite(SqliteFixture fx) : ArticleListTests(fx), IClassFixture<SqliteFixture>;

public sealed class ArticleListTestsOnPostgres(PostgresFixture fx) : ArticleListTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
