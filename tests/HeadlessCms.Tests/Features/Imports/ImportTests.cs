using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Features.Imports;

/// <summary>
/// POST /api/v1/imports through HTTP: each format becomes a draft with a report; damage is repaired, site furniture dropped,
/// and bad input is a 4xx problem. The documents are short snippets written for these tests that carry the same damage as
/// real captures (UTF-8 read as Windows-874 or Windows-1252, non-breaking-space junk).
/// </summary>
public abstract class ImportTests(CmsApiFixture fx)
{
    /// <summary>Non-breaking spaces that went through the same Windows-874 reading: "ย" and a no-break space, four times.</summary>
    private const string Junk = "ย\u00A0ย\u00A0ย\u00A0ย\u00A0";

    /// <summary>A name the byline pattern takes (letters only) that no other test uses.</summary>
    public static string Name(string first) =>
        first + " " + char.ToUpperInvariant('a') + string.Concat(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))));

    /// <summary>A page capture in the shape of the reference capture, with its kinds of damage, in our own words.</summary>
    public static string PageCapture(string title, string author) => $$"""
        {{title}}

        Feb 3, 2026

        Highlights

          • Cobalt output fellโ€”sharplyโ€”in the third quarter.
          • Refinersโ€™ margins narrowed.

        The regionโ€™s refiners expected a quiet year. A recent survey (opens in a new tab) says otherwise, and the numbers are stark.

        The Supply Question

        Shipments dropped 12% โ€“ the steepest fall in a decade. One trader called it โ€œa slow squeeze on everyone in the chain.โ€ The Cobalt Indexโ„¢ moved with it.

        Bottom Line

        Nobody expects a quick fix.{{Junk}}

        Source: Example Metals Institute note, February 2, 2026.

        Search
        Recent Metals News

        A different headline about nickel

        By {{author}}

        {{author}} covers battery metals and the companies that mine and refine them, from the pit to the cathode plant.

        2 Comments

        No replies yet

        Submit a Comment

        Your email address will not be published. Required fields are marked *

        Straight Into Your Inbox

        Receive a daily update on the metals market.

        We use cookies to improve your experience. Accept
        """;

    private static Task<HttpResponseMessage> Import(HttpClient client, string body, string contentType = "text/plain", string query = "") =>
        client.PostAsync("/api/v1/imports" + query, new StringContent(body, Encoding.UTF8, contentType));

    private static Task<HttpResponseMessage> ImportBytes(HttpClient client, byte[] body, string contentType, string query = "")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return client.PostAsync("/api/v1/imports" + query, content);
    }

    [Fact]
    public async Task A_page_capture_becomes_a_clean_draft_with_a_report()
    {
        var editor = await fx.Editor();
        var title = Unique("Cobalt Quotas Tighten");
        var author = Name("Ana");

        var response = await Import(editor, PageCapture(title, author));
        var result = await response.Expect(HttpStatusCode.Created);

        var article = result["article"]!;
        Assert.Equal($"/api/v1/articles/{article.Str("id")}", response.Headers.Location?.OriginalString);
        Assert.Equal("draft", article.Str("status"));
        Assert.Equal(title, article.Str("title"));
        Assert.Equal(["Cobalt output fell—sharply—in the third quarter.", "Refiners’ margins narrowed."], article["highlights"].Strings());
        Assert.Equal(new SourceSnapshot("Example Metals Institute note", null, "2026-02-02"), SourceSnapshot.Of(article["source"]));
        Assert.Equal(author, article["author"]!.Str("name"));

        var body = article.Str("body");
        Assert.Equal(
            "The region’s refiners expected a quiet year. A recent survey says otherwise, and the numbers are stark.\n\n" +
            "## The Supply Question\n\n" +
            "Shipments dropped 12% – the steepest fall in a decade. One trader called it “a slow squeeze on everyone in the chain.” " +
            "The Cobalt Index™ moved with it.\n\n" +
            "## Bottom Line\n\n" +
            "Nobody expects a quick fix.",
            body);
        Assert.Contains("<h2 id=\"the-supply-question\">The Supply Question</h2>", article.Str("bodyHtml"));

        var report = result["report"]!;
        Assert.Equal("page-capture", report.Str("format"));
        Assert.Equal("utf-8", report.Str("charset"));
        var detected = report["detected"]!;
        Assert.Equal("2026-02-03", detected.Str("date"));
        Assert.Equal(author, detected.Str("byline"));
        Assert.Equal(2, detected.Int("highlights"));
        Assert.Equal(2, detected.Int("headings"));
        Assert.Equal(3, detected.Int("paragraphs"));
        Assert.Equal("2026-02-03", result["draft"]!.Str("date"));

        var repairs = report["repairs"]!.AsArray();
        Assert.Equal(8, repairs.Count(r => r!.Str("before").StartsWith('โ')));
        Assert.Single(repairs, r => r!.Str("kind") == "lost-byte");
        Assert.Single(repairs, r => r!.Str("before").StartsWith('ย') && r.Str("after") == "");
        var first = repairs[0]!;
        Assert.Equal(("windows-874", "โ€”", "—", 7), (first.Str("kind"), first.Str("before"), first.Str("after"), first.Int("line")));

        var dropped = report["dropped"]!.AsArray().Select(d => d!.Str("reason")).ToHashSet();
        Assert.Superset(new HashSet<string> { "link residue", "search box", "recent-news list", "comments", "newsletter box", "cookie notice" }, dropped);
        foreach (var furniture in (string[])["Search", "Recent Metals News", "Comment", "Inbox", "cookies", "opens in a new tab", "nickel"])
        {
            Assert.DoesNotContain(furniture, body, StringComparison.OrdinalIgnoreCase);
        }

        // The author was created from the byline, with the author box's text as the bio.
        Assert.Equal("created", result["draft"]!["author"]!.Str("outcome"));
        var createdAuthor = await editor.GetAsync($"/api/v1/authors/{article["author"]!.Str("slug")}").Expect(HttpStatusCode.OK);
        Assert.StartsWith(author + " covers battery metals", createdAuthor.Str("bio"));

        // An import is a draft: invisible to readers.
        await fx.Anonymous().GetAsync($"/api/v1/articles/{article.Str("slug")}").ExpectProblem(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// The real capture, where it is present (CI and the shared machines have shared/ beside the repository; a clone
    /// alone does not, and then this test has nothing to read). Expectations come from counting in the file itself, so no
    /// sentence of it is copied here.
    /// </summary>
    [Fact]
    public async Task The_reference_capture_imports_as_a_clean_draft()
    {
        if (RepositoryFiles.ReferenceCapture() is not { } path)
        {
            return;
        }

        var capture = await File.ReadAllTextAsync(path);
        var damaged = capture.Split("โ€").Length - 1;
        Assert.Equal(27, damaged);
        var editor = await fx.Editor();

        var result = await Import(editor, capture).Expect(HttpStatusCode.Created);

        var article = result["article"]!;
        Assert.Equal("draft", article.Str("status"));
        Assert.Equal(HeadlessCms.Api.Common.Text.MojibakeRepair.Repair(capture.Split('\n')[0].Trim()).Text, article.Str("title"));
        var detected = result["report"]!["detected"]!;
        Assert.Equal("2026-01-26", detected.Str("date"));
        Assert.Equal("Daniel", detected.Str("byline"));
        Assert.Equal(9, detected.Int("highlights"));
        Assert.Equal(6, detected.Int("headings"));
        Assert.Equal(9, detected.Int("paragraphs"));
        Assert.Equal(9, article["highlights"]!.AsArray().Count);
        Assert.Equal(6, article.Str("body").Split('\n').Count(l => l.StartsWith("## ", StringComparison.Ordinal)));
        Assert.Equal(new SourceSnapshot("ECFR analysis", null, "2026-01-27"), SourceSnapshot.Of(article["source"]));
        Assert.Equal("Daniel", article["author"]!.Str("name"));

        // Every damaged sequence repaired, none left, no junk spaces, nothing of the site around the article.
        var repairs = result["report"]!["repairs"]!.AsArray();
        Assert.Equal(damaged, repairs.Count(r => r!.Str("before").StartsWith("โ€", StringComparison.Ordinal)));
        Assert.Single(repairs, r => r!.Str("kind") == "lost-byte");
        Assert.Single(repairs, r => r!.Str("kind") == "windows-874" && r.Str("before").StartsWith("โ„", StringComparison.Ordinal));
        var text = string.Join("\n", article.Str("title"), article.Str("body"), string.Join("\n", article["highlights"].Strings()));
        Assert.DoesNotContain("โ€", text, StringComparison.Ordinal);
        Assert.DoesNotContain('ย', text);
        Assert.DoesNotContain('\u00A0', text);
        Assert.False(HeadlessCms.Api.Common.Text.MojibakeRepair.LooksDamaged(text));
        Assert.Equal(16 + capture.Split('’').Length - 1, text.Split('’').Length - 1);
        Assert.Equal(7, text.Split('—').Length - 1);
        foreach (var furniture in (string[])["Recent Reex News", "Submit a Comment", "Straight Into Your Inbox", "Moderator", "No replies yet", "opens in a new tab"])
        {
            Assert.DoesNotContain(furniture, text, StringComparison.Ordinal);
            Assert.Contains(result["report"]!["dropped"]!.AsArray(), d => d!.Str("text").Contains(furniture, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Markdown_with_front_matter_matches_the_author_and_tags_by_name()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author(Unique("Mara Example"));
        var tag = await content.Tag(Unique("Rare Earths"));
        var newTag = Unique("Magnets");
        var title = Unique("Magnet Plants");

        var markdown = $"""
            ---
            title: "{title}"
            date: 2026-01-20
            author: {author.Str("name").ToUpperInvariant()}
            tags: [{tag.Str("name")}, {newTag}]
            source: Example Analysis Group, January 19, 2026
            source_url: https://example.org/report
            ---

            ## Highlights

            - One plant opens in 2027.
            - Another one is on hold.

            Europeâ€™s magnet makers are **waiting**.

            ## What changed

            Prices moved; the `Ã©` in this code span stays as written.
            """;
        var result = await Import(editor, markdown, "text/markdown").Expect(HttpStatusCode.Created);

        var article = result["article"]!;
        Assert.Equal(title, article.Str("title"));
        Assert.Equal(author.Str("id"), article["author"]!.Str("id"));
        Assert.Equal("matched", result["draft"]!["author"]!.Str("outcome"));
        Assert.Equal([tag.Str("slug"), Slugify(newTag)], article["tags"]!.AsArray().Select(t => t!.Str("slug")));
        Assert.Equal(["matched", "created"], result["draft"]!["tags"]!.AsArray().Select(t => t!.Str("outcome")));
        Assert.Equal(["One plant opens in 2027.", "Another one is on hold."], article["highlights"].Strings());
        Assert.Equal(new SourceSnapshot("Example Analysis Group", "https://example.org/report", "2026-01-19"), SourceSnapshot.Of(article["source"]));
        Assert.Equal(
            "Europe’s magnet makers are **waiting**.\n\n## What changed\n\nPrices moved; the `Ã©` in this code span stays as written.",
            article.Str("body"));
        var repair = Assert.Single(result["report"]!["repairs"]!.AsArray());
        Assert.Equal(("windows-1252", "â€™", "’"), (repair!.Str("kind"), repair.Str("before"), repair.Str("after")));
    }

    [Fact]
    public async Task Html_becomes_markdown_without_the_page_around_it()
    {
        var editor = await fx.Editor();
        var title = Unique("Refinery Permits");
        var html = $"""
            <!doctype html>
            <html><head><title>{title} | Example News</title>
            <meta name="author" content="Lee Example"><meta property="article:tag" content="Permits">
            <script>track()</script></head>
            <body>
            <nav><a href="/">Home</a> <a href="/news">News</a></nav>
            <article>
              <h1>{title}</h1>
              <time datetime="2026-01-12T08:00:00Z">January 12, 2026</time>
              <h2>Highlights</h2>
              <ul><li>Two permits were granted.</li><li>A third is pending.</li></ul>
              <p>The agencyâ€™s decision came <em>late</em>, after <a href="https://example.org/notice">a notice</a> and
                 <a href="javascript:alert(1)">a trick</a>.</p>
              <h2>Next steps</h2>
              <p>Construction starts <strong>in spring</strong> &lt;script&gt; stays text.</p>
              <script>alert('x')</script>
              <aside class="related">Related: other permits</aside>
              <div class="comments">3 comments</div>
              <p>Source: Example Agency, January 11, 2026.</p>
            </article>
            <footer><div class="newsletter">Subscribe to our newsletter</div></footer>
            </body></html>
            """;
        var result = await Import(editor, html, "text/html", "?author=" + Uri.EscapeDataString("Lee " + Unique("Override"))).Expect(HttpStatusCode.Created);

        var article = result["article"]!;
        Assert.Equal(title, article.Str("title"));
        Assert.Equal(["Two permits were granted.", "A third is pending."], article["highlights"].Strings());
        Assert.Equal(
            "The agency’s decision came *late*, after [a notice](https://example.org/notice) and a trick.\n\n" +
            "## Next steps\n\n" +
            "Construction starts **in spring** \\<script\\> stays text.",
            article.Str("body"));
        Assert.DoesNotContain("<script", article.Str("bodyHtml"), StringComparison.Ordinal);
        Assert.Equal("Example Agency", article["source"]!.Str("name"));
        Assert.Equal("2026-01-12", result["draft"]!.Str("date"));
        Assert.Equal("Lee Example", result["report"]!["detected"]!.Str("byline"));
        Assert.StartsWith("Lee override", article["author"]!.Str("name"), StringComparison.OrdinalIgnoreCase);
        var dropped = result["report"]!["dropped"]!.AsArray().Select(d => d!.Str("reason")).ToList();
        Assert.Contains("aside", dropped);
        Assert.Contains("comments box", dropped);
    }

    [Fact]
    public async Task A_declared_charset_is_decoded_before_anything_is_repaired()
    {
        var editor = await fx.Editor();
        var title = Unique("Café Société");
        var bytes = Encoding.Latin1.GetBytes($"# {title}\n\nBy Zoë Example\n\nLa société a décidé.");

        var result = await ImportBytes(editor, bytes, "text/markdown; charset=iso-8859-1").Expect(HttpStatusCode.Created);

        Assert.Equal(title, result["article"]!.Str("title"));
        Assert.Equal("La société a décidé.", result["article"]!.Str("body"));
        Assert.Equal("iso-8859-1", result["report"]!.Str("charset"));
        Assert.Empty(result["report"]!["repairs"]!.AsArray());
    }

    [Fact]
    public async Task Ninjs_maps_to_a_draft()
    {
        var editor = await fx.Editor();
        var title = Unique("Lithium Contracts");
        var ninjs = new JsonObject
        {
            ["uri"] = "urn:example:" + title,
            ["type"] = "text",
            ["headline"] = title,
            ["byline"] = "By Sam Example",
            ["versioncreated"] = "2026-01-05T10:00:00Z",
            ["description_text"] = "Buyers lock in prices.",
            ["body_html"] = "<p>Buyers signed contractsâ€”long ones.</p><h2>Why</h2><p>Prices.</p>",
            ["subject"] = new JsonArray(new JsonObject { ["name"] = "Lithium" }),
        };

        var result = await Import(editor, ninjs.ToJsonString(), "application/json").Expect(HttpStatusCode.Created);

        var article = result["article"]!;
        Assert.Equal(title, article.Str("title"));
        Assert.Equal("Buyers lock in prices.", article.Str("excerpt"));
        Assert.Equal("Buyers signed contracts—long ones.\n\n## Why\n\nPrices.", article.Str("body"));
        Assert.Equal(["Lithium"], article["tags"]!.AsArray().Select(t => t!.Str("name")));
        Assert.Equal("2026-01-05", result["draft"]!.Str("date"));
        Assert.Equal("body_html", Assert.Single(result["report"]!["repairs"]!.AsArray())!.Str("field"));
    }

    [Fact]
    public async Task A_dry_run_reports_and_creates_nothing()
    {
        var editor = await fx.Editor();
        var title = Unique("Dry Run Story");
        var author = Name("Dry");

        var result = await Import(editor, PageCapture(title, author), query: "?dryRun=true").Expect(HttpStatusCode.OK);

        Assert.True(result["dryRun"]!.GetValue<bool>());
        Assert.Null(result["article"]);
        var draft = result["draft"]!;
        Assert.Equal(title, draft.Str("title"));
        Assert.Equal(Slugify(title), draft.Str("slug"));
        Assert.Equal("would-create", draft["author"]!.Str("outcome"));
        Assert.Contains("<h2", draft.Str("bodyHtml"), StringComparison.Ordinal);
        Assert.NotEmpty(result["report"]!["repairs"]!.AsArray());

        await editor.GetAsync($"/api/v1/articles/{Slugify(title)}").ExpectProblem(HttpStatusCode.NotFound);
        await editor.GetAsync($"/api/v1/authors/{Slugify(author)}").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_slug_clash_gets_a_suffix_and_the_report_says_so()
    {
        var editor = await fx.Editor();
        var title = Unique("Twice Imported");
        var document = $"# {title}\n\nBy Twin Example\n\nSame text twice.";

        var first = await Import(editor, document, "text/markdown").Expect(HttpStatusCode.Created);
        var second = await Import(editor, document, "text/markdown").Expect(HttpStatusCode.Created);

        Assert.Equal(Slugify(title), first["article"]!.Str("slug"));
        Assert.Equal(Slugify(title) + "-2", second["article"]!.Str("slug"));
        Assert.Contains(second["report"]!["notes"]!.AsArray(), n => n!.GetValue<string>().Contains($"'{Slugify(title)}-2'", StringComparison.Ordinal));
        Assert.Equal("matched", second["draft"]!["author"]!.Str("outcome"));
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("image/png")]
    [InlineData("text/plain; charset=klingon")]
    public async Task An_unknown_content_type_or_charset_is_a_415(string contentType)
    {
        var editor = await fx.Editor();
        var problem = await ImportBytes(editor, "# Title\n\nBody."u8.ToArray(), contentType).ExpectProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains(contentType.Contains("klingon") ? "charset" : "text/markdown", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_content_type_is_a_415()
    {
        var editor = await fx.Editor();
        var response = await editor.PostAsync("/api/v1/imports", new ByteArrayContent("# Title"u8.ToArray()));
        await response.ExpectProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("text/plain", "   \n\n ", "document")]
    [InlineData("text/markdown", "Just a line of text with no title.", "title")]
    [InlineData("text/markdown", "# Only a title", "body")]
    [InlineData("text/markdown", "# A title\n\nBody without a byline.", "author")]
    [InlineData("application/json", "{\"headline\": ", "document")]
    [InlineData("application/json", "[1, 2]", "document")]
    public async Task Empty_or_unreadable_documents_are_a_400_saying_what_was_expected(string contentType, string body, string field)
    {
        var editor = await fx.Editor();
        var problem = await Import(editor, body, contentType).ExpectValidation(field);
        Assert.Contains("expected", problem["errors"]![field]!.Strings()[0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_are_a_400_naming_the_offset()
    {
        var editor = await fx.Editor();
        var bytes = Encoding.Latin1.GetBytes("# Caf\u00e9\n\nBody.");
        var problem = await ImportBytes(editor, bytes, "text/markdown").ExpectValidation("document");
        Assert.Contains("offset 5", problem["errors"]!["document"]!.Strings()[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_body_is_a_413()
    {
        var editor = await fx.Editor();
        await Import(editor, "# Big\n\n" + new string('x', 1024 * 1024 + 10), "text/markdown").ExpectProblem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Only_editors_import()
    {
        await Import(fx.Anonymous(), "# Title\n\nBy A\n\nBody.", "text/markdown").ExpectUnauthorized();
        var partner = await fx.As("partner");
        await Import(partner, "# Title\n\nBy A\n\nBody.", "text/markdown").ExpectProblem(HttpStatusCode.Forbidden);
    }

    private static string Slugify(string text) => HeadlessCms.Api.Common.Text.Slugs.FromText(text);

    private sealed record SourceSnapshot(string Name, string? Url, string? PublishedOn)
    {
        public static SourceSnapshot Of(JsonNode? node) =>
            new(node.Str("name"), node!["url"]?.GetValue<string>(), node["publishedOn"]?.GetValue<string>());
    }
}

public sealed class ImportTestsOnSqlite(SqliteFixture fx) : ImportTests(fx), IClassFixture<SqliteFixture>;

public sealed class ImportTestsOnPostgres(PostgresFixture fx) : ImportTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
