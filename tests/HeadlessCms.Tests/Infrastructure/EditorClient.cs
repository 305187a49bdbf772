using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace HeadlessCms.Tests.Infrastructure;

/// <summary>Requests the way an editor's client makes them: with If-Match, merge patches, fresh drafts.</summary>
public static class EditorClient
{
    /// <summary>A fresh draft through the API, with the editor who made it and its ETag.</summary>
    public static async Task<(HttpClient Editor, JsonNode Article, string Etag)> NewArticle(CmsApiFixture api)
    {
        var editor = await api.Editor();
        var author = await new ContentBuilder(editor).Author();
        var response = await editor.PostJson("/api/v1/articles", new
        {
            title = Infrastructure.Api.Unique("Editorial"),
            body = "## Part\n\nOriginal body.",
            highlights = new[] { "One.", "Two." },
            authorId = author.Str("id"),
            source = new { name = "Some Institute", url = "https://example.org/x" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (editor, await response.Json(), response.Headers.ETag!.ToString());
    }

    /// <summary>A full replace body: the article as it is, with a new title.</summary>
    public static object Body(JsonNode article, string title) => new
    {
        title,
        body = article.Str("body"),
        excerpt = article["excerpt"]?.GetValue<string>(),
        highlights = article["highlights"]!.Strings(),
        authorId = article["author"]!.Str("id"),
        tagIds = article["tags"]!.AsArray().Select(t => t!.Str("id")).ToArray(),
        source = article["source"],
    };

    public static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, string ifMatch, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> Patch(HttpClient client, string url, string ifMatch, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url)
        {
            Content = new StringContent(json, new MediaTypeHeaderValue("application/merge-patch+json")),
        };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }
}
