using System.Net;
using System.Text.Json.Nodes;

namespace HeadlessCms.Tests.Infrastructure;

/// <summary>Readers, moderators and the comments they exchange, through the API the way front ends and moderation tools use it.</summary>
public sealed class Commenting(CmsApiFixture fx)
{
    /// <summary>
    /// An anonymous reader. Clients are told apart by network and User-Agent; the test server has no remote address,
    /// so a unique User-Agent makes a distinct client.
    /// </summary>
    public HttpClient Reader()
    {
        var client = fx.Anonymous();
        client.DefaultRequestHeaders.UserAgent.ParseAdd($"TestReader/{Guid.NewGuid():N}");
        return client;
    }

    public Task<HttpClient> Moderator() => fx.As("moderator");

    /// <summary>A fresh published article; returns its JSON (id, slug, ...).</summary>
    public async Task<JsonNode> Article()
    {
        var content = new ContentBuilder(await fx.Editor());
        return await content.Published((await content.Author()).Str("id"));
    }

    public static Dictionary<string, object?> Body(string? text = null, string? parentId = null, string? email = null) => new()
    {
        ["authorName"] = "Dana Reader",
        ["authorEmail"] = email ?? $"{Api.Unique("reader")}@example.com",
        ["body"] = text ?? $"A thoughtful remark {Guid.NewGuid():N}.",
        ["parentId"] = parentId,
    };

    public static string Path(string article) => $"/api/v1/articles/{article}/comments";

    /// <summary>Submits as a reader and returns the 202 body.</summary>
    public async Task<JsonNode> Submit(string article, Dictionary<string, object?>? body = null, HttpClient? reader = null) =>
        await (reader ?? Reader()).PostJson(Path(article), body ?? Body()).Expect(HttpStatusCode.Accepted);

    public async Task<JsonNode> Moderate(string commentId, string action) =>
        await (await Moderator()).PostAsync($"/api/v1/comments/{commentId}/{action}", null).Expect(HttpStatusCode.OK);

    /// <summary>A reader's comment that a moderator approved; returns its id.</summary>
    public async Task<string> Approved(string article, string? text = null, string? parentId = null)
    {
        var id = (await Submit(article, Body(text, parentId))).Str("id");
        await Moderate(id, "approve");
        return id;
    }

    public async Task<JsonNode> Thread(string article, string query = "") =>
        await Reader().GetAsync(Path(article) + query).Expect(HttpStatusCode.OK);

    public async Task<int> CommentCount(string article) =>
        (await fx.Anonymous().GetAsync($"/api/v1/articles/{article}").Expect(HttpStatusCode.OK)).Int("commentCount");

    /// <summary>The moderation view of one comment (any status).</summary>
    public async Task<JsonNode> Get(string commentId) =>
        await (await Moderator()).GetAsync($"/api/v1/comments/{commentId}").Expect(HttpStatusCode.OK);
}
