using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Common;

/// <summary>
/// Bad input is the client's error: malformed or mistyped JSON, oversized bodies, wrong content types and unknown
/// routes all answer 4xx problem JSON, never a 500.
/// </summary>
public abstract class ProblemHandlingTests(CmsApiFixture fx)
{
    [Theory]
    [InlineData("{\"title\": \"unterminated")]
    [InlineData("{\"title\": \"x\",}")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    public async Task Malformed_json_is_a_400_problem(string body)
    {
        var editor = await fx.Editor();

        // A field error on "body", the same shape as a validator's answer, in the API's words (no .NET wording).
        var problem = await editor.PostRaw("/api/v1/articles", body).ExpectValidation("body");

        Assert.Equal("/api/v1/articles", problem.Str("instance"));
        Assert.DoesNotContain("parameter", problem.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("""{"title": 123, "body": "b"}""", "title")]
    [InlineData("""{"title": "t", "body": "b", "tagIds": "x"}""", "tagIds")]
    [InlineData("""{"title": "t", "body": "b", "tagIds": ["not-a-guid"]}""", "tagIds[0]")]
    [InlineData("""{"title": "t", "body": "b", "authorId": 42}""", "authorId")]
    [InlineData("""{"title": "t", "body": {"markdown": "b"}}""", "body")]
    [InlineData("""{"title": "t", "body": "b", "highlights": "one"}""", "highlights")]
    [InlineData("""{"title": "t", "body": "b", "source": "Agency"}""", "source")]
    [InlineData("""{"title": "t", "body": "b", "source": {"name": "A", "publishedOn": "yesterday"}}""", "source.publishedOn")]
    public async Task Wrong_json_types_are_a_400_problem_that_names_the_path(string body, string path)
    {
        var editor = await fx.Editor();

        var problem = await editor.PostRaw("/api/v1/articles", body).ExpectValidation(path);

        Assert.Contains($"'{path}'", problem["errors"]![path]!.Strings().Single());
        Assert.DoesNotContain("   at ", problem.ToJsonString());
    }

    [Fact]
    public async Task Wrong_json_types_on_other_writes_are_400_too()
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();

        await editor.PostRaw("/api/v1/authors", """{"name": ["a"]}""").ExpectProblem(HttpStatusCode.BadRequest);
        await editor.PutRaw($"/api/v1/authors/{author.Str("id")}", """{"name": true}""").ExpectProblem(HttpStatusCode.BadRequest);
        await editor.PostRaw("/api/v1/tags", """{"name": 1.5}""").ExpectProblem(HttpStatusCode.BadRequest);
        await fx.Admin().PostRaw("/api/v1/api-keys", """{"name": "k", "role": 1}""").ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_a_413_problem()
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();
        var body = $$"""{"title": "Huge", "authorId": "{{author.Str("id")}}", "body": "{{new string('b', 1024 * 1024)}}"}""";

        var problem = await editor.PostRaw("/api/v1/articles", body).ExpectProblem(HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("1048576", problem.Str("detail"));
        var listed = await editor.GetAsync($"/api/v1/articles?author={author.Str("id")}&status=any").Expect(HttpStatusCode.OK);
        Assert.Empty(listed.Items());
    }

    [Fact]
    public async Task A_body_just_under_the_limit_gets_past_the_size_check()
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();
        var prefix = $$"""{"title": "Big", "authorId": "{{author.Str("id")}}", "body": " """;
        var body = prefix + new string('b', 1024 * 1024 - prefix.Length - 2) + "\"}";
        Assert.Equal(1024 * 1024, Encoding.UTF8.GetByteCount(body));

        // Within the byte limit, so validation is what says no: the body is over 200,000 characters.
        await editor.PostRaw("/api/v1/articles", body).ExpectValidation("body");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task A_non_json_content_type_is_a_415_problem(string contentType)
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();
        var json = $$"""{"title": "Plain", "body": "b", "authorId": "{{author.Str("id")}}"}""";

        await editor.PostRaw("/api/v1/articles", json, contentType).ExpectProblem(HttpStatusCode.UnsupportedMediaType);
        await editor.PutRaw($"/api/v1/authors/{author.Str("id")}", """{"name": "x"}""", contentType).ExpectProblem(HttpStatusCode.UnsupportedMediaType);
        await editor.PutRaw("/api/v1/articles/anything/highlights", """["x"]""", contentType).ExpectProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_missing_content_type_is_a_415_problem()
    {
        var editor = await fx.Editor();
        var content = new ByteArrayContent("""{"name": "No type"}"""u8.ToArray());

        await editor.PostAsync("/api/v1/tags", content).ExpectProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Json_with_a_charset_or_a_json_suffix_type_is_accepted()
    {
        var editor = await fx.Editor();
        var withCharset = new StringContent($$"""{"name": "{{Unique("charset")}}"}""", Encoding.UTF8);
        withCharset.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        await editor.PostAsync("/api/v1/tags", withCharset).Expect(HttpStatusCode.Created);

        await editor.PostRaw("/api/v1/tags", $$"""{"name": "{{Unique("suffix")}}"}""", "application/merge-patch+json")
            .Expect(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("/api/v1/nothing-here")]
    [InlineData("/api/v2/articles")]
    [InlineData("/api/v1/articles/a/b/c")]
    public async Task An_unknown_route_is_a_404_problem(string path)
    {
        var problem = await fx.Anonymous().GetAsync(path).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Equal(path, problem.Str("instance"));

        var asJsonClient = fx.Anonymous();
        asJsonClient.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        await asJsonClient.GetAsync(path).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        var editor = await fx.Editor();
        await editor.DeleteAsync("/api/v1/articles").ExpectProblem(HttpStatusCode.MethodNotAllowed);
        await editor.PutJson("/api/v1/tags", new { name = "x" }).ExpectProblem(HttpStatusCode.MethodNotAllowed);
    }

    [Theory]
    [InlineData("limit=ten", "limit", "a whole number")]
    [InlineData("limit=99999999999", "limit", "a whole number")]
    [InlineData("publishedAfter=yesterday", "publishedAfter", "ISO 8601")]
    [InlineData("publishedBefore=2026-13-45", "publishedBefore", "ISO 8601")]
    public async Task A_query_value_of_the_wrong_type_is_a_field_error_in_plain_words(string query, string field, string expected)
    {
        var problem = await fx.Anonymous().GetAsync($"/api/v1/articles?{query}").ExpectValidation(field);

        var message = problem["errors"]![field]!.Strings().Single();
        Assert.Contains(expected, message);
        Assert.DoesNotContain("Nullable", problem.ToJsonString());
        Assert.DoesNotContain("bind", problem.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_missing_required_query_value_and_a_missing_body_are_field_errors()
    {
        await fx.Anonymous().GetAsync("/api/v1/newsletter/confirm").ExpectValidation("token");
        var admin = fx.Admin();
        var empty = new StringContent("", Encoding.UTF8, "application/json");
        await admin.PostAsync("/api/v1/webhooks", empty).ExpectValidation("body");
        await admin.PostRaw("/api/v1/webhooks", "\"just a string\"").ExpectValidation("body");
    }

    [Fact]
    public async Task A_client_that_accepts_only_html_still_gets_the_error_status_not_a_500()
    {
        var anonymous = fx.Anonymous();
        anonymous.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var editor = await fx.Editor();
        editor.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/articles/no-such-article")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/no-such-route")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/api/v1/articles?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/api/v1/api-keys")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await editor.PostRaw("/api/v1/tags", "{")).StatusCode);

        var unauthorized = await anonymous.PostJson("/api/v1/tags", new { name = "x" });
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.StartsWith("Bearer", unauthorized.Headers.WwwAuthenticate.ToString());
        var wrongKey = fx.WithKey("hcms_wrongwrongwrongwrongwrong");
        wrongKey.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.GetAsync("/api/v1/articles")).StatusCode);
    }

    [Fact]
    public async Task A_browser_style_accept_header_gets_problem_json()
    {
        var browser = fx.Anonymous();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        await browser.GetAsync("/api/v1/articles/no-such-article").ExpectProblem(HttpStatusCode.NotFound);
        await browser.PostJson("/api/v1/tags", new { name = "x" }).ExpectUnauthorized();
    }

    [Fact]
    public async Task Every_problem_has_a_type()
    {
        var editor = await fx.Editor();
        var draft = await new ContentBuilder(editor).Draft((await new ContentBuilder(editor).Author()).Str("id"));

        var problems = new[]
        {
            await fx.Anonymous().GetAsync("/api/v1/articles/no-such-article").ExpectProblem(HttpStatusCode.NotFound),
            await editor.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/articles/{draft.Str("id")}")
            {
                Headers = { IfMatch = { new EntityTagHeaderValue("\"999-0000000000000000\"") } },
            }).ExpectProblem(HttpStatusCode.PreconditionFailed),
            await fx.WithKey("hcms_not-a-real-key").GetAsync("/api/v1/articles").ExpectProblem(HttpStatusCode.Unauthorized),
            await editor.GetAsync("/api/v1/articles?limit=0").ExpectProblem(HttpStatusCode.BadRequest),
        };

        Assert.All(problems, p => Assert.StartsWith("https://", p.Str("type")));
    }

    [Fact]
    public async Task Filters_and_path_segments_over_their_documented_length_are_field_errors()
    {
        var editor = await fx.Editor();
        var longSlug = new string('a', 121);

        var list = await fx.Anonymous().GetAsync($"/api/v1/articles?tag={longSlug}").ExpectProblem(HttpStatusCode.BadRequest);
        Assert.NotNull(list["errors"]?["tag"]);
        var cursor = await fx.Anonymous().GetAsync($"/api/v1/tags?cursor={new string('c', 401)}").ExpectProblem(HttpStatusCode.BadRequest);
        Assert.NotNull(cursor["errors"]?["cursor"]);
        var redirect = await editor.DeleteAsync("/api/v1/redirects/page/some-slug").ExpectProblem(HttpStatusCode.BadRequest);
        Assert.NotNull(redirect["errors"]?["type"]);
    }

    [Fact]
    public async Task Problems_carry_a_trace_id_and_the_request_path()
    {
        var problem = await fx.Anonymous().GetAsync("/api/v1/articles/no-such-article").ExpectProblem(HttpStatusCode.NotFound);

        Assert.Equal("/api/v1/articles/no-such-article", problem.Str("instance"));
        Assert.Equal("Not Found", problem.Str("title"));
        Assert.False(string.IsNullOrWhiteSpace(problem.Str("traceId")));
    }
}

public sealed class ProblemHandlingTestsOnSqlite(SqliteFixture fx) : ProblemHandlingTests(fx), IClassFixture<SqliteFixture>;

public sealed class ProblemHandlingTestsOnPostgres(PostgresFixture fx) : ProblemHandlingTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
