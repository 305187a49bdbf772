using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HeadlessCms.Tests.Infrastructure;

/// <summary>Small helpers for talking to the API the way a client would: JSON in, JSON out.</summary>
public static class Api
{
    public static string Unique(string prefix = "t") => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";

    public static async Task<JsonNode> Json(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty JSON body.");
    }

    /// <summary>Asserts the status (showing the body when it differs) and returns the JSON body.</summary>
    public static async Task<JsonNode> Expect(this Task<HttpResponseMessage> call, HttpStatusCode status) =>
        await (await call).Expect(status);

    public static async Task<JsonNode> Expect(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Asserts an RFC 9457 problem response with the status and returns it.</summary>
    public static async Task<JsonNode> ExpectProblem(this Task<HttpResponseMessage> call, HttpStatusCode status) =>
        await (await call).ExpectProblem(status);

    public static async Task<JsonNode> ExpectProblem(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(problem["traceId"]?.GetValue<string>()), $"The problem has no traceId: {text}");
        return problem;
    }

    /// <summary>Asserts a 400 validation problem whose <c>errors</c> name exactly these fields.</summary>
    public static async Task<JsonNode> ExpectValidation(this Task<HttpResponseMessage> call, params string[] fields)
    {
        var problem = await call.ExpectProblem(HttpStatusCode.BadRequest);
        var errors = problem["errors"] as JsonObject;
        Assert.True(errors is not null, $"The problem has no errors object: {problem.ToJsonString()}");
        Assert.Equal(fields.Order(StringComparer.Ordinal), errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.NotEmpty(e.Value.Strings()));
        return problem;
    }

    /// <summary>
    /// After a slug change the old slug no longer names the resource: it is a 404, or (where old addresses are kept
    /// as redirects) it leads to the same resource under its new slug. It never serves the old state.
    /// </summary>
    public static async Task ExpectMovedOrGone(this HttpClient client, string oldPath, string id, string newSlug)
    {
        var response = await client.GetAsync(oldPath);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            await response.ExpectProblem(HttpStatusCode.NotFound);
            return;
        }

        var moved = await response.Expect(HttpStatusCode.OK);
        Assert.Equal(id, moved.Str("id"));
        Assert.Equal(newSlug, moved.Str("slug"));
    }

    /// <summary>Asserts a 401 problem that tells the client how to authenticate.</summary>
    public static async Task<JsonNode> ExpectUnauthorized(this Task<HttpResponseMessage> call)
    {
        var response = await call;
        var problem = await response.ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
        return problem;
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object? body) =>
        client.PostAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string url, object? body) =>
        client.PutAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PostRaw(this HttpClient client, string url, string body, string contentType = "application/json") =>
        client.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, contentType));

    public static Task<HttpResponseMessage> PutRaw(this HttpClient client, string url, string body, string contentType = "application/json") =>
        client.PutAsync(url, new StringContent(body, System.Text.Encoding.UTF8, contentType));

    public static string[] Strings(this JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    public static string Str(this JsonNode? node, string property) => node![property]!.GetValue<string>();

    public static int Int(this JsonNode? node, string property) => node![property]!.GetValue<int>();

    public static JsonArray Items(this JsonNode page) => page["items"]!.AsArray();

    public static string[] Ids(this JsonNode page) => page.Items().Select(a => a.Str("id")).ToArray();

    /// <summary>The target of an RFC 8288 <c>Link: &lt;url&gt;; rel="next"</c> header, or null when there is none.</summary>
    public static string? NextLink(this HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        var match = System.Text.RegularExpressions.Regex.Match(string.Join(",", values), "^<(?<url>[^>]+)>; rel=\"next\"$");
        Assert.True(match.Success, $"Malformed Link header: {string.Join(",", values)}");
        return match.Groups["url"].Value;
    }
}

/// <summary>Creates the content a test needs through the API, with unique slugs so tests never collide.</summary>
public sealed class ContentBuilder(HttpClient editor)
{
    /// <summary>A valid create/replace body as a dictionary, so a test can change or drop one field.</summary>
    public static Dictionary<string, object?> ArticleFields(string authorId, string? title = null) => new()
    {
        ["title"] = title ?? Api.Unique("Article"),
        ["body"] = "## Section\n\nSome **body** text for the article.",
        ["highlights"] = new[] { "First point.", "Second point." },
        ["authorId"] = authorId,
        ["tagIds"] = Array.Empty<string>(),
    };

    public async Task<JsonNode> Author(string? name = null) =>
        await editor.PostJson("/api/v1/authors", new { name = name ?? Api.Unique("Author"), bio = "Writes about *minerals*." })
            .Expect(HttpStatusCode.Created);

    public async Task<JsonNode> Tag(string? name = null) =>
        await editor.PostJson("/api/v1/tags", new { name = name ?? Api.Unique("Tag"), description = "A tag for tests." })
            .Expect(HttpStatusCode.Created);

    public async Task<JsonNode> Draft(string authorId, string? title = null, IEnumerable<string>? tagIds = null, string? body = null) =>
        await editor.PostJson("/api/v1/articles", new
        {
            title = title ?? Api.Unique("Article"),
            body = body ?? "## Section\n\nSome **body** text for the article.",
            highlights = new[] { "First point.", "Second point." },
            authorId,
            tagIds = tagIds?.ToArray() ?? [],
            source = new { name = "Example Analysis Group", url = "https://example.org/report", publishedOn = "2026-01-20" },
        }).Expect(HttpStatusCode.Created);

    public async Task<JsonNode> Published(string authorId, string? title = null, IEnumerable<string>? tagIds = null)
    {
        var draft = await Draft(authorId, title, tagIds);
        return await Publish(draft.Str("id"));
    }

    public async Task<JsonNode> Publish(string idOrSlug) =>
        await editor.PostAsync($"/api/v1/articles/{idOrSlug}/publish", null).Expect(HttpStatusCode.OK);

    public async Task<JsonNode> Unpublish(string idOrSlug) =>
        await editor.PostAsync($"/api/v1/articles/{idOrSlug}/unpublish", null).Expect(HttpStatusCode.OK);

    /// <summary>Publishes <paramref name="count"/> articles one after another; returns their ids in publication order.</summary>
    public async Task<List<string>> PublishedSeries(string authorId, int count)
    {
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add((await Published(authorId, Api.Unique($"Series {i:D2}"))).Str("id"));
        }

        return ids;
    }
}
