using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Contract.Fuzz;

/// <summary>
/// Schema-driven fuzzing from the committed openapi/openapi.json, anonymous and with the admin key, on both engines:
/// every answer must be below 500, have a status the operation documents, and a body that matches the documented
/// schema for that status and media type. The run is bounded by time (CMS_FUZZ_SECONDS, default 45 per engine), each
/// request comes from its own seed, and a failure prints the request so it can be kept below as a regression case.
/// </summary>
public abstract class OpenApiFuzzTests(CmsApiFixture fx)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("CMS_FUZZ_SECONDS"), out var seconds) && seconds > 0 ? seconds : 45);

    private static JsonObject Document() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root(), "openapi", "openapi.json")))!.AsObject();

    [Fact]
    public async Task Fuzzed_requests_get_documented_statuses_and_schemas_never_a_5xx()
    {
        var document = Document();
        var schemas = new SchemaCheck(document);
        var operations = RequestGenerator.Operations(document);
        var generator = new RequestGenerator(schemas, await KnownValuesAsync());
        var identities = new (string Name, HttpClient Client)[] { ("anonymous", fx.Anonymous()), ("admin", fx.Admin()) };

        var failures = new List<string>();
        var requests = 0;
        var statuses = new SortedDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        for (var seed = 0; clock.Elapsed < Budget && failures.Count < 20; seed++)
        {
            var operation = operations[seed % operations.Count];
            var (name, client) = identities[seed / operations.Count % identities.Length];
            var request = generator.Generate(operation, seed);
            var outcome = await SendAsync(client, request);
            requests++;
            statuses[outcome.Status] = statuses.GetValueOrDefault(outcome.Status) + 1;
            if (Verdict(document, schemas, operation, outcome) is { } problem)
            {
                failures.Add($"seed {seed}, {name}, {request.Method} {request.Url} ({request.ContentType}) {Truncate(request.Body)} -> " +
                    $"{outcome.Status} {outcome.ContentType}: {problem}");
            }
        }

        TestContext.Current.SendDiagnosticMessage(
            $"fuzz: {operations.Count} operations, {requests} requests, {identities.Length} identities, {clock.Elapsed.TotalSeconds:F0} s, " +
            $"statuses {string.Join(", ", statuses.Select(s => $"{s.Key}x{s.Value}"))}, failures {failures.Count}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(requests >= operations.Count * identities.Length, $"only {requests} requests in {Budget}");
    }

    /// <summary>Requests the fuzzer once found failing, kept exactly as it sent them.</summary>
    [Theory]
    [InlineData("anonymous", "POST", "/api/v1/newsletter/unsubscribe", "multipart/form-data", "token=a")]
    [InlineData("admin", "POST", "/api/v1/newsletter/unsubscribe", "multipart/form-data", "token=spam")]
    [InlineData("admin", "POST", "/api/v1/newsletter/confirm", "multipart/form-data", "token=hcms_")]
    public async Task Regressions_found_by_fuzzing_stay_fixed(string identity, string method, string url, string? contentType, string? body)
    {
        var document = Document();
        var schemas = new SchemaCheck(document);
        var operation = Match(RequestGenerator.Operations(document), method, url);
        var client = identity == "admin" ? fx.Admin() : fx.Anonymous();
        var outcome = await SendAsync(client, new FuzzRequest(operation.Id, method, url, contentType, body, []));
        Assert.Null(Verdict(document, schemas, operation, outcome));
    }

    private sealed record Outcome(int Status, string? ContentType, string Body);

    private static async Task<Outcome> SendAsync(HttpClient client, FuzzRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8);
            message.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(request.ContentType ?? "application/json");
        }

        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(message);
        return new Outcome((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private static string? Verdict(JsonObject document, SchemaCheck schemas, FuzzOperation operation, Outcome outcome)
    {
        if (outcome.Status >= 500)
        {
            return "server error " + Truncate(outcome.Body);
        }

        var responses = operation.Definition["responses"]!.AsObject();
        var documented = responses[outcome.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses["default"];
        if (documented is null)
        {
            return $"status {outcome.Status} is not documented ({string.Join(", ", responses.Select(r => r.Key))}) " + Truncate(outcome.Body);
        }

        if (documented["content"] is not JsonObject { Count: > 0 } content || outcome.Body.Length == 0)
        {
            return null;
        }

        if (outcome.ContentType is null || content[outcome.ContentType] is not JsonObject media)
        {
            return $"content type {outcome.ContentType} is not documented for {outcome.Status} ({string.Join(", ", content.Select(c => c.Key))})";
        }

        if (!outcome.ContentType.Contains("json", StringComparison.Ordinal) || media["schema"] is null)
        {
            return null;
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(outcome.Body);
        }
        catch (JsonException e)
        {
            return "the body is not JSON: " + e.Message;
        }

        var problems = schemas.Check(body, media["schema"]);
        return problems.Count == 0 ? null : "schema mismatch: " + string.Join("; ", problems.Take(5));
    }

    private static FuzzOperation Match(List<FuzzOperation> operations, string method, string url)
    {
        var path = url.Split('?')[0].Split('/');
        return operations.First(o => o.Method == method && o.PathTemplate.Split('/') is var template && template.Length == path.Length
            && template.Zip(path).All(p => p.First.StartsWith('{') || p.First == p.Second));
    }

    private async Task<Dictionary<string, List<string>>> KnownValuesAsync()
    {
        var admin = fx.Admin();
        var known = new Dictionary<string, List<string>>();
        foreach (var (kind, path) in new[] { ("articles", "/api/v1/articles?limit=20"), ("authors", "/api/v1/authors?limit=20"), ("tags", "/api/v1/tags?limit=20"),
                     ("comments", "/api/v1/comments?limit=20"), ("subscribers", "/api/v1/newsletter/subscribers?limit=20") })
        {
            var page = await admin.GetAsync(path).Expect(HttpStatusCode.OK);
            known[kind] = page.Items().SelectMany(i => new[] { i?["id"]?.ToString(), i?["slug"]?.ToString() })
                .OfType<string>().Where(v => v.Length > 0).ToList();
        }

        known["keys"] = (await admin.GetAsync("/api/v1/api-keys?limit=100").Expect(HttpStatusCode.OK)).Items()
            .Select(k => k?["id"]?.ToString()).OfType<string>().ToList();
        return known;
    }

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 300 ? text : text[..300] + "…";
}

public sealed class OpenApiFuzzTestsOnSqlite(CommentsSqliteFixture fx) : OpenApiFuzzTests(fx), IClassFixture<CommentsSqliteFixture>;

public sealed class OpenApiFuzzTestsOnPostgres(CommentsPostgresFixture fx) : OpenApiFuzzTests(fx.OrSkip()), IClassFixture<CommentsPostgresFixture>;
