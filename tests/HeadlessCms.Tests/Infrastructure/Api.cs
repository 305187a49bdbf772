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
    public static async Task<JsonNode> Expect(this Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Asserts an RFC 9457 problem response with the status and returns it.</summary>
    public static async Task<JsonNode> ExpectProblem(this Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        return problem;
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object? body) =>
        client.PostAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string url, object? body) =>
        client.PutAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PostRaw(this HttpClient client, string url, string body, string contentType = "application/json") =>
        client.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, contentType));

    public static string[] Strings(this JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    public static string Str(this JsonNode? node, string property) => node![property]!.GetValue<string>();
}

/// <summary>Creates the content a test needs through the API, with unique slugs so tests never collide.</summary>
public sealed class ContentBuilder(HttpClient editor)
{
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
        return await editor.PostAsync($"/api/v1/articles/{draft.Str("id")}/publish", null).Expect(HttpStatusCode.OK);
    }
}
