using System.Net.Http.Headers;
using HeadlessCms.Client;
using HeadlessCms.Client.Generator;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Clients;

/// <summary>
/// src/clients/csharp: the client is what NSwag generates from openapi/openapi.json now (regenerate with
/// scripts/update-openapi.sh), and it runs the seed page's editorial and reader flow against a live API over real HTTP,
/// like the TypeScript client's scenario. The client is about the contract, not the engine: it runs once, on SQLite.
/// </summary>
public sealed class CSharpClientTests(LoopbackApiFixture fx) : IClassFixture<LoopbackApiFixture>
{
    [Fact]
    public async Task Generated_client_matches_the_committed_contract()
    {
        var root = RepositoryFiles.Root();
        var fresh = await ClientGenerator.GenerateAsync(ClientGenerator.DocumentPath(root));
        var committed = await File.ReadAllTextAsync(ClientGenerator.OutputPath(root));
        Assert.True(
            fresh == committed.ReplaceLineEndings("\n"),
            "src/clients/csharp/HeadlessCms.Client/CmsClient.g.cs differs from what NSwag generates from openapi/openapi.json; " +
            "run scripts/update-openapi.sh and commit the result. First differing line: " + FirstDifference(committed, fresh));
    }

    [Fact]
    public async Task The_scenario_runs_against_a_live_api()
    {
        var admin = Client(CmsApiFixture.AdminKey);
        var editor = Client((await admin.CreateApiKeyAsync(new CreateApiKey { Name = Unique("editor"), Role = CreateApiKeyRole.Editor })).Result.Key);
        var moderator = Client((await admin.CreateApiKeyAsync(new CreateApiKey { Name = Unique("moderator"), Role = CreateApiKeyRole.Moderator })).Result.Key);
        var reader = Client(userAgent: Unique("cs-reader"));

        // Author and tags.
        var author = (await editor.CreateAuthorAsync(new CreateAuthor { Name = "Maya Okafor", Bio = "Covers energy markets." })).Result;
        var tagIds = new List<Guid>();
        foreach (var name in new[] { "Energy", "Markets" })
        {
            tagIds.Add((await editor.CreateTagAsync(new CreateTag { Name = $"{name} {Unique()}" })).Result.Id);
        }

        // An article with highlights and a source; its ETag and Location come from the response's headers.
        var created = await editor.CreateArticleAsync(new CreateArticle
        {
            Title = $"Grid storage doubles {Unique()}",
            Body = "## What changed\n\nBattery capacity on the grid doubled this year.",
            AuthorId = author.Id,
            TagIds = tagIds,
            Highlights = ["Capacity doubled", "Prices fell by a third"],
            Source = new SourceAttributionDto { Name = "Energy Monitor", Url = "https://example.com/report", PublishedOn = new DateOnly(2026, 11, 30) },
        });
        Assert.Equal(201, created.StatusCode);
        Assert.Equal(ArticleStatus.Draft, created.Result.Status);
        Assert.Equal(["Capacity doubled", "Prices fell by a third"], created.Result.Highlights);
        Assert.Equal("Energy Monitor", created.Result.Source?.Name);
        Assert.Equal(new DateOnly(2026, 11, 30), created.Result.Source?.PublishedOn);
        var etag = Header(created, "ETag");
        Assert.EndsWith(created.Result.Id.ToString(), Header(created, "Location"));
        var id = created.Result.Id.ToString();

        // Without If-Match the write is refused (428, a problem with a type); with it, the merge patch applies: a member
        // set replaces the field, a removed one is sent as null, the rest are not sent and keep their values.
        var refused = await Assert.ThrowsAsync<CmsApiException<ProblemDetails>>(() =>
            editor.PatchArticleAsync(id, new UpdateArticleMergePatch { Excerpt = "Storage doubled." }));
        Assert.Equal(428, refused.StatusCode);
        Assert.False(string.IsNullOrEmpty(refused.Result.Type), "every problem has a type");

        var patched = await editor.PatchArticleAsync(id, new UpdateArticleMergePatch { Excerpt = "Storage doubled." }.Remove(p => p.Source), ifMatch: etag);
        Assert.Equal("Storage doubled.", patched.Result.Excerpt);
        Assert.Null(patched.Result.Source);
        Assert.Equal(["Capacity doubled", "Prices fell by a third"], patched.Result.Highlights);
        Assert.Equal(2, patched.Result.Tags.Count);
        etag = Header(patched, "ETag");

        var published = await editor.PublishArticleAsync(id, ifMatch: etag);
        Assert.Equal(ArticleStatus.Published, published.Result.Status);
        var slug = published.Result.Slug;

        // A second published article, so the list has more than one page of one.
        var second = await editor.CreateArticleAsync(new CreateArticle { Title = $"Wind output record {Unique()}", Body = "Wind set a record.", AuthorId = author.Id });
        await editor.PublishArticleAsync(second.Result.Id.ToString(), ifMatch: Header(second, "ETag"));

        // Anonymous reads: by slug, and a list paged by cursor.
        var read = await reader.GetArticleAsync(slug);
        Assert.Equal(created.Result.Id, read.Result.Id);
        Assert.Equal("Maya Okafor", read.Result.Author.Name);
        Assert.Equal(2, read.Result.Tags.Count);

        var first = await reader.ListArticlesAsync(limit: 1);
        Assert.Single(first.Result.Items);
        Assert.NotNull(first.Result.NextCursor);
        var next = await reader.ListArticlesAsync(limit: 1, cursor: first.Result.NextCursor);
        Assert.Single(next.Result.Items);
        Assert.NotEqual(first.Result.Items[0].Id, next.Result.Items[0].Id);

        // A reader comments; a moderator approves; the thread shows it; another reader likes it.
        var submitted = await reader.SubmitCommentAsync(slug, new SubmitComment
        {
            AuthorName = "Dana Reader",
            AuthorEmail = $"{Unique("dana")}@example.com",
            Body = "Useful numbers, thanks.",
        });
        Assert.Equal(202, submitted.StatusCode);
        Assert.Equal(CommentStatus.Pending, submitted.Result.Status);

        var approved = await moderator.ApproveCommentAsync(submitted.Result.Id);
        Assert.Equal(CommentStatus.Approved, approved.Result.Status);

        var thread = await reader.ListArticleCommentsAsync(slug);
        Assert.Equal(1, thread.Result.ApprovedCount);
        Assert.Equal("Useful numbers, thanks.", thread.Result.Items[0].Body);

        var liked = await Client(userAgent: Unique("cs-liker")).LikeCommentAsync(submitted.Result.Id);
        Assert.Equal(1, liked.Result.Likes);
    }

    private CmsClient Client(string? key = null, string? userAgent = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(fx.Url + "/") };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (userAgent is not null)
        {
            http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        }

        return new CmsClient(http);
    }

    private static string Header(CmsResponse response, string name)
    {
        Assert.True(response.Headers.TryGetValue(name, out var values), $"The response has no {name} header.");
        return Assert.Single(values);
    }

    private static string FirstDifference(string committed, string fresh)
    {
        var a = committed.ReplaceLineEndings("\n").Split('\n');
        var b = fresh.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "(end of file)";
            var right = i < b.Length ? b[i] : "(end of file)";
            if (left != right)
            {
                return $"line {i + 1}: committed `{left.Trim()}`, generated `{right.Trim()}`";
            }
        }

        return "(none)";
    }
}
