using System.Net;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Common;

/// <summary>
/// One list shape: an article's revisions and the API keys page like every other list, with limit (1-100), an opaque
/// cursor, the {"items", "nextCursor"} envelope and a Link header to the next page; a bad limit or cursor is a field error.
/// </summary>
public abstract class ListShapeTests(CmsApiFixture fx)
{
    [Fact]
    public async Task Revisions_page_newest_first_by_cursor()
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();
        var article = await new ContentBuilder(editor).Draft(author.Str("id"));
        var url = $"/api/v1/articles/{article.Str("id")}";
        foreach (var title in new[] { Unique("Second"), Unique("Third") })
        {
            await editor.PutJson(url, ContentBuilder.ArticleFields(author.Str("id"), title)).Expect(HttpStatusCode.OK);
        }

        var numbers = new List<int>();
        string? next = $"{url}/revisions?limit=1";
        while (next is not null)
        {
            var response = await editor.GetAsync(next);
            var page = await response.Expect(HttpStatusCode.OK);
            numbers.AddRange(page.Items().Select(r => r!["number"]!.GetValue<int>()));
            Assert.True(page.Items().Count <= 1);
            var cursor = page["nextCursor"]?.GetValue<string>();
            Assert.Equal(cursor is null, response.NextLink() is null);
            next = cursor is null ? null : $"{url}/revisions?limit=1&cursor={Uri.EscapeDataString(cursor)}";
        }

        Assert.Equal([3, 2, 1], numbers);
        var all = await editor.GetAsync($"{url}/revisions").Expect(HttpStatusCode.OK);
        Assert.Equal(3, all.Items().Count);
        Assert.Null(all["nextCursor"]?.GetValue<string>());
    }

    [Fact]
    public async Task Api_keys_page_oldest_first_by_cursor_without_repeats()
    {
        var admin = fx.Admin();
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await admin.PostJson("/api/v1/api-keys", new { name = Unique("paged"), role = "partner" }).Expect(HttpStatusCode.Created)).Str("id"));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await admin.GetAsync("/api/v1/api-keys?limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")).Expect(HttpStatusCode.OK);
            Assert.InRange(page.Items().Count, 1, 2);
            Assert.All(page.Items(), k => Assert.False(k!.AsObject().ContainsKey("key")));
            seen.AddRange(page.Ids());
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(created.Order(), seen.Where(created.Contains).Order());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task A_bad_limit_or_cursor_is_a_field_error_on_both_lists(string query, string field)
    {
        var editor = await fx.Editor();
        var article = await new ContentBuilder(editor).Draft((await new ContentBuilder(editor).Author()).Str("id"));

        await editor.GetAsync($"/api/v1/articles/{article.Str("id")}/revisions?{query}").ExpectValidation(field);
        await fx.Admin().GetAsync($"/api/v1/api-keys?{query}").ExpectValidation(field);
    }
}

public sealed class ListShapeTestsOnSqlite(SqliteFixture fx) : ListShapeTests(fx), IClassFixture<SqliteFixture>;

public sealed class ListShapeTestsOnPostgres(PostgresFixture fx) : ListShapeTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
