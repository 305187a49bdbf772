using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Common;

/// <summary>
/// One input rule for text, on every write and every query: NUL, other C0 controls and lone surrogates are a 400 naming
/// the field (PostgreSQL used to answer NUL with a 500; SQLite stored it), never stored; accepted text is NFC.
/// Duplicate JSON members are a 400 everywhere.
/// </summary>
public abstract class InvalidTextTests(CmsApiFixture fx)
{
    /// <summary>Each invalid character as it appears inside a JSON string literal.</summary>
    public static readonly TheoryData<string> BadJsonText = new() { @"\u0000", @"\u0001", @"\u001f", @"\u0008", @"\ud800", @"\udc00x" };

    /// <summary>Every write endpoint's string fields: the body template with the bad text put in for <c>@@</c>, and the field it names.</summary>
    public static readonly TheoryData<string, string, string, string> Writes = new()
    {
        { "POST", "/api/v1/articles", """{"title":"a@@b","body":"x","authorId":"{ID}"}""", "title" },
        { "POST", "/api/v1/articles", """{"title":"t","body":"x@@","authorId":"{ID}"}""", "body" },
        { "POST", "/api/v1/articles", """{"title":"t","excerpt":"@@","body":"x","authorId":"{ID}"}""", "excerpt" },
        { "POST", "/api/v1/articles", """{"title":"t","slug":"a@@","body":"x","authorId":"{ID}"}""", "slug" },
        { "POST", "/api/v1/articles", """{"title":"t","body":"x","authorId":"{ID}","highlights":["ok","b@@"]}""", "highlights[1]" },
        { "POST", "/api/v1/articles", """{"title":"t","body":"x","authorId":"{ID}","source":{"name":"n@@","url":"https://e.org/"}}""", "source.name" },
        { "POST", "/api/v1/articles", """{"title":"t","body":"x","authorId":"{ID}","source":{"name":"n","url":"https://e.org/@@"}}""", "source.url" },
        { "PUT", "/api/v1/articles/{ARTICLE}", """{"title":"a@@b","body":"x","authorId":"{ID}"}""", "title" },
        { "PUT", "/api/v1/articles/{ARTICLE}", """{"title":"t","body":"x","authorId":"{ID}","source":{"name":"n","url":"https://e.org/@@"}}""", "source.url" },
        { "PATCH", "/api/v1/articles/{ARTICLE}", """{"excerpt":"a@@b"}""", "excerpt" },
        { "PATCH", "/api/v1/articles/{ARTICLE}", """{"source":{"name":"n","url":"https://e.org/@@"}}""", "source.url" },
        { "PUT", "/api/v1/articles/{ARTICLE}/highlights", """["one","@@"]""", "body[1]" },
        { "POST", "/api/v1/authors", """{"name":"a@@b"}""", "name" },
        { "POST", "/api/v1/authors", """{"name":"n","bio":"@@"}""", "bio" },
        { "POST", "/api/v1/authors", """{"name":"n","websiteUrl":"https://e.org/@@"}""", "websiteUrl" },
        { "PUT", "/api/v1/authors/{AUTHOR}", """{"name":"a@@b"}""", "name" },
        { "POST", "/api/v1/tags", """{"name":"a@@b"}""", "name" },
        { "POST", "/api/v1/tags", """{"name":"n","description":"@@"}""", "description" },
        { "PUT", "/api/v1/tags/{TAG}", """{"name":"a@@b"}""", "name" },
        { "POST", "/api/v1/api-keys", """{"name":"a@@b","role":"partner"}""", "name" },
        { "POST", "/api/v1/articles/{ARTICLE}/comments", """{"authorName":"a@@","authorEmail":"r@example.com","body":"hi"}""", "authorName" },
        { "POST", "/api/v1/articles/{ARTICLE}/comments", """{"authorName":"a","authorEmail":"r@example.com","body":"h@@i"}""", "body" },
        { "POST", "/api/v1/articles/{ARTICLE}/comments", """{"authorName":"a","authorEmail":"r@@@example.com","body":"hi"}""", "authorEmail" },
    };

    private async Task<Dictionary<string, string>> TargetsAsync()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var tag = await content.Tag();
        var article = await content.Published(author.Str("id"));
        return new()
        {
            ["{ID}"] = author.Str("id"),
            ["{AUTHOR}"] = author.Str("slug"),
            ["{TAG}"] = tag.Str("slug"),
            ["{ARTICLE}"] = article.Str("slug"),
        };
    }

    private static string Fill(string template, Dictionary<string, string> targets)
    {
        foreach (var (key, value) in targets)
        {
            template = template.Replace(key, value);
        }

        return template;
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Invalid_text_in_any_written_field_is_a_400_naming_the_field(string method, string path, string template, string field)
    {
        var targets = await TargetsAsync();
        var admin = fx.Admin();
        foreach (var bad in BadJsonText)
        {
            var body = Fill(template, targets).Replace("@@", bad);
            var contentType = method == "PATCH" ? "application/merge-patch+json" : "application/json";
            var request = new HttpRequestMessage(new HttpMethod(method), Fill(path, targets))
            {
                Content = new StringContent(body, Encoding.UTF8, contentType),
            };
            var problem = await admin.SendAsync(request).ExpectValidation(field);
            Assert.Contains("control characters", problem["errors"]![field]![0]!.GetValue<string>());
        }

        // Nothing of it was stored: the article, author and tag still read as they were made.
        Assert.DoesNotContain('\0', await fx.Anonymous().GetStringAsync($"/api/v1/articles/{targets["{ARTICLE}"]}"));
    }

    public static readonly TheoryData<string, string> Queries = new()
    {
        { "/api/v1/articles?tag=a%00b", "tag" },
        { "/api/v1/articles?author=a%00b", "author" },
        { "/api/v1/articles?status=%01", "status" },
        { "/api/v1/articles?cursor=%00", "cursor" },
        { "/api/v1/authors?cursor=czE6AA", "cursor" },   // decodes to "s1:\0"
        { "/api/v1/tags?cursor=czE6AA", "cursor" },
        { "/api/v1/tags?cursor=czE6YQFi", "cursor" },    // "s1:a\u0001b"
        { "/api/v1/authors?cursor=czE67aCA", "cursor" }, // "s1:" + an encoded lone surrogate (invalid UTF-8)
        { "/api/v1/comments?status=a%00", "status" },
        { "/api/v1/comments?article=a%00", "article" },
        { "/api/v1/audit?target=a%00b", "target" },
        { "/api/v1/audit?action=%1b", "action" },
        { "/api/v1/redirects?type=a%00", "type" },
        { "/api/v1/articles/some-slug?x%00y=1", "query" },
        { "/api/v1/articles/a%01b/comments", "idOrSlug" },
        { "/api/v1/authors/%02", "idOrSlug" },
        { "/api/v1/nowhere/%07", "path" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Invalid_text_in_a_query_cursor_or_path_is_a_400_naming_it_for_readers_and_staff(string url, string field)
    {
        await fx.Admin().GetAsync(url).ExpectValidation(field);
        await fx.Anonymous().GetAsync(url).ExpectValidation(field);
    }

    [Fact]
    public async Task A_control_character_in_a_path_segment_of_a_delete_is_problem_json()
    {
        await fx.Admin().DeleteAsync("/api/v1/redirects/article/%01").ExpectValidation("slug");
        await fx.Admin().DeleteAsync("/api/v1/redirects/a%1fb/x").ExpectValidation("type");

        // %00 in a path is refused by the server itself (Kestrel answers 400 before the app runs; the test host
        // throws), so it never reaches routing or a database.
    }

    [Fact]
    public async Task Duplicate_members_are_a_400_and_do_not_escalate_a_key()
    {
        var admin = fx.Admin();
        var name = Infrastructure.Api.Unique("dup");
        await admin.PostRaw("/api/v1/api-keys", $$"""{"name":"{{name}}","role":"partner","role":"admin"}""").ExpectValidation("role");
        Assert.DoesNotContain(name, await admin.GetStringAsync("/api/v1/api-keys"));

        var targets = await TargetsAsync();
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/articles/{targets["{ARTICLE}"]}")
        {
            Content = new StringContent("""{"excerpt":"a","excerpt":"b"}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        await admin.SendAsync(patch).ExpectValidation("excerpt");

        await admin.PostRaw("/api/v1/tags", """{"name":"x","description":"d","name":"y"}""").ExpectValidation("name");
        await admin.PostRaw("/api/v1/articles", $$$"""{"title":"t","body":"x","authorId":"{{{targets["{ID}"]}}}","source":{"name":"a","name":"b"}}""")
            .ExpectValidation("source.name");
    }

    [Fact]
    public async Task Text_is_stored_in_NFC_and_tabs_and_newlines_stay_allowed()
    {
        var editor = await fx.Editor();
        var suffix = " " + Guid.NewGuid().ToString("N")[..6];
        var decomposed = "Jose\u0301 Nu\u0301n\u0303ez" + suffix;
        var author = await editor.PostJson("/api/v1/authors", new { name = decomposed, bio = "Line one\n\tLine two\r\n" })
            .Expect(HttpStatusCode.Created);
        // A literal, not string.Normalize: under InvariantGlobalization (as in production) that is a no-op.
        Assert.Equal("Jos\u00e9 N\u00fa\u00f1ez" + suffix, author.Str("name"));
        Assert.Equal("Line one\n\tLine two\r\n", author.Str("bio"));
        Assert.StartsWith("jos", author.Str("slug"));

        var read = await fx.Anonymous().GetAsync($"/api/v1/authors/{author.Str("slug")}").Expect(HttpStatusCode.OK);
        Assert.Equal("Jos\u00e9 N\u00fa\u00f1ez" + suffix, read.Str("name"));
    }
}

public sealed class InvalidTextTestsOnSqlite(CommentsSqliteFixture fx) : InvalidTextTests(fx), IClassFixture<CommentsSqliteFixture>;

public sealed class InvalidTextTestsOnPostgres(CommentsPostgresFixture fx) : InvalidTextTests(fx.OrSkip()), IClassFixture<CommentsPostgresFixture>;
