using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Features.Imports;

/// <summary>
/// POST /api/v1/imports/batch: NDJSON, one document per line with its own format; good lines import, bad lines are
/// reported by number; an Idempotency-Key makes a retried batch create nothing twice.
/// </summary>
public abstract class ImportBatchTests(CmsApiFixture fx)
{
    private const string Path = "/api/v1/imports/batch";

    private static string Line(string contentType, JsonNode document, string? author = null) =>
        new JsonObject { ["contentType"] = contentType, ["document"] = document, ["author"] = author }.ToJsonString();

    private static string Markdown(string title, string author) => $"# {title}\n\nBy {author}\n\nThe refinersโ€™ year began quietly.";

    private static Task<HttpResponseMessage> Send(HttpClient client, string body, string? key = null, string query = "",
        string contentType = "application/x-ndjson")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path + query) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return client.SendAsync(request);
    }

    [Fact]
    public async Task Good_lines_import_as_drafts_and_bad_lines_are_reported_by_number()
    {
        var editor = await fx.Editor();
        var author = ImportTests.Name("Batch");
        var titles = Enumerable.Range(0, 4).Select(i => Unique($"Batch item {i}")).ToList();
        var ninjs = new JsonObject { ["uri"] = "urn:example:" + titles[3], ["type"] = "text", ["headline"] = titles[3], ["body_text"] = "Agency copy." };
        var body = string.Join("\n",
            Line("text/markdown", Markdown(titles[0], author)),
            Line("text/html", $"<h1>{titles[1]}</h1><p>By {author}</p><p>Refiners cut output.</p>"),
            "{ this is not json",
            "",
            Line("text/plain", ImportTests.PageCapture(titles[2], author)),
            Line("application/pdf", "%PDF-1.7"),
            Line("application/json", ninjs, author),
            Line("text/markdown", "   "),
            """{"contentType":"text/markdown","documnet":"# Typo"}""");

        var result = await Send(editor, body).Expect(HttpStatusCode.OK);

        Assert.False(result["dryRun"]!.GetValue<bool>());
        Assert.Equal(4, result.Int("imported"));
        Assert.Equal(4, result.Int("failed"));
        var items = result["items"]!.AsArray();
        Assert.Equal([1, 2, 3, 5, 6, 7, 8, 9], items.Select(i => i!.Int("line")));
        Assert.Equal([201, 201, 400, 201, 415, 201, 400, 400], items.Select(i => i!.Int("status")));

        // Each good line is a draft like a single import makes, repairs included.
        foreach (var (item, title) in new[] { items[0], items[1], items[3], items[5] }.Zip(titles))
        {
            var article = item!["result"]!["article"]!;
            Assert.Equal(title, article.Str("title"));
            Assert.Equal("draft", article.Str("status"));
            Assert.Null(item["error"]);
            await editor.GetAsync($"/api/v1/articles/{article.Str("id")}").Expect(HttpStatusCode.OK);
        }

        Assert.Equal("The refiners’ year began quietly.", items[0]!["result"]!["article"]!.Str("body"));

        // Each bad line says what was wrong, as the single import would.
        Assert.Null(items[2]!["result"]);
        Assert.Contains("Content-Type 'application/pdf'", items[4]!["error"]!.Str("detail"));
        Assert.NotNull(items[6]!["error"]!["errors"]!["document"]);
        Assert.NotNull(items[7]!["error"]);
    }

    [Fact]
    public async Task A_retried_batch_with_the_same_idempotency_key_creates_nothing_twice()
    {
        var editor = await fx.Editor();
        var title = Unique("Idempotent import");
        var body = Line("text/markdown", Markdown(title, ImportTests.Name("Retry")));
        var key = Guid.NewGuid().ToString();

        var first = await Send(editor, body, key);
        var created = await first.Expect(HttpStatusCode.OK);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));

        var retry = await Send(editor, body, key);
        var replayed = await retry.Expect(HttpStatusCode.OK);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var id = created["items"]![0]!["result"]!["article"]!.Str("id");
        Assert.Equal(id, replayed["items"]![0]!["result"]!["article"]!.Str("id"));

        // One article: a second copy would have taken the suffixed slug.
        var slug = created["items"]![0]!["result"]!["article"]!.Str("slug");
        await editor.GetAsync($"/api/v1/articles/{slug}-2").ExpectProblem(HttpStatusCode.NotFound);

        // The same key with another batch is refused; the same batch with a new key is a new import.
        await Send(editor, body + "\n" + body, key).ExpectProblem(HttpStatusCode.UnprocessableEntity);
        await Send(editor, body, Guid.NewGuid().ToString()).Expect(HttpStatusCode.OK);
        await editor.GetAsync($"/api/v1/articles/{slug}-2").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_same_batch_sent_twice_at_once_with_one_key_lands_once()
    {
        var editor = await fx.Editor();
        var title = Unique("Concurrent import");
        var body = Line("text/markdown", Markdown(title, ImportTests.Name("Twice")));
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Send(editor, body, key), Send(editor, body, key));

        var ids = new List<string>();
        foreach (var response in responses)
        {
            // Either the stored answer, or (while the other is still running on an engine that cannot tell) a 409 to retry.
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });
            if (response.StatusCode == HttpStatusCode.OK)
            {
                ids.Add((await response.Expect(HttpStatusCode.OK))["items"]![0]!["result"]!["article"]!.Str("id"));
            }
        }

        Assert.Single(ids.Distinct());
        await editor.GetAsync($"/api/v1/articles/{Slugify(title)}-2").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_dry_run_reports_every_line_and_creates_nothing()
    {
        var editor = await fx.Editor();
        var title = Unique("Dry batch");
        var body = Line("text/markdown", Markdown(title, ImportTests.Name("Dry")));

        var result = await Send(editor, body, Guid.NewGuid().ToString(), "?dryRun=true").Expect(HttpStatusCode.OK);

        Assert.True(result["dryRun"]!.GetValue<bool>());
        var item = result["items"]![0]!;
        Assert.Equal(200, item.Int("status"));
        Assert.Null(item["result"]!["article"]);
        Assert.Equal(Slugify(title), item["result"]!["draft"]!.Str("slug"));
        await editor.GetAsync($"/api/v1/articles/{Slugify(title)}").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Batches_over_the_document_or_byte_limit_import_nothing()
    {
        var small = fx.AnotherInstance(new Dictionary<string, string?> { ["Cms:Imports:MaxBatch"] = "2", ["Cms:Imports:MaxBatchBytes"] = "4096" });
        var editor = small.CreateClient();
        editor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CmsApiFixture.AdminKey);
        var titles = Enumerable.Range(0, 3).Select(i => Unique($"Over the limit {i}")).ToList();
        var author = ImportTests.Name("Limit");

        var tooMany = await Send(editor, string.Join("\n", titles.Select(t => Line("text/markdown", Markdown(t, author))))).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains("at most 2", tooMany["errors"]!["batch"]![0]!.GetValue<string>());
        await editor.GetAsync($"/api/v1/articles/{Slugify(titles[0])}").ExpectProblem(HttpStatusCode.NotFound);

        var tooLarge = await Send(editor, Line("text/markdown", Markdown(titles[0], author) + new string('x', 5000))).ExpectProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("4096 bytes", tooLarge.Str("detail"));
    }

    [Fact]
    public async Task A_batch_may_be_larger_than_the_single_document_limit()
    {
        var editor = await fx.Editor();
        var author = ImportTests.Name("Large");
        var paragraph = string.Concat(Enumerable.Repeat("Refiners report steady output across the region. ", 4000));
        var lines = Enumerable.Range(0, 6).Select(i => Line("text/markdown", $"# {Unique("Large batch")}\n\nBy {author}\n\n{paragraph}"));
        var body = string.Join("\n", lines);
        Assert.True(Encoding.UTF8.GetByteCount(body) > 1024 * 1024);

        var result = await Send(editor, body, query: "?dryRun=true").Expect(HttpStatusCode.OK);
        Assert.Equal(6, result["items"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("application/x-ndjson; charset=iso-8859-1")]
    public async Task Other_content_types_are_a_415(string contentType)
    {
        var problem = await Send(await fx.Editor(), "{}", contentType: contentType).ExpectProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/x-ndjson", problem.Str("detail"));
    }

    [Fact]
    public async Task Empty_batches_bad_keys_and_wrong_callers_are_refused()
    {
        var editor = await fx.Editor();
        await Send(editor, "\n\n").ExpectValidation("batch");
        await Send(editor, Line("text/markdown", "# T\n\nBy A\n\nBody."), new string('k', 256)).ExpectValidation("idempotencyKey");
        await Send(editor, Line("text/markdown", "# T\n\nBy A\n\nBody."), "two words").ExpectValidation("idempotencyKey");
        await Send(fx.Anonymous(), Line("text/markdown", "# T\n\nBy A\n\nBody.")).ExpectUnauthorized();
        await Send(await fx.As("partner"), Line("text/markdown", "# T\n\nBy A\n\nBody.")).ExpectProblem(HttpStatusCode.Forbidden);
    }

    private static string Slugify(string text) => HeadlessCms.Api.Common.Text.Slugs.FromText(text);
}

public sealed class ImportBatchTestsOnSqlite(SqliteFixture fx) : ImportBatchTests(fx), IClassFixture<SqliteFixture>;

public sealed class ImportBatchTestsOnPostgres(PostgresFixture fx) : ImportBatchTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
