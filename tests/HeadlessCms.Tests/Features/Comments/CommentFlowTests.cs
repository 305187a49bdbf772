using System.Net;
using System.Net.Http.Headers;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Features.Comments;

/// <summary>The reader flow: submit, held for moderation, approved, visible and counted; where comments are not allowed.</summary>
public abstract class CommentFlowTests(CmsApiFixture fx)
{
    private readonly Commenting comments = new(fx);

    [Fact]
    public async Task A_comment_is_accepted_pending_invisible_until_approved_then_visible_and_counted()
    {
        var article = await comments.Article();
        var slug = article.Str("slug");
        Assert.Equal(0, article.Int("commentCount"));
        Assert.True(article["commentsEnabled"]!.GetValue<bool>());

        var accepted = await comments.Submit(slug, Commenting.Body("First!"));
        Assert.Equal("pending", accepted.Str("status"));
        Assert.False(accepted["staff"]!.GetValue<bool>());
        var id = accepted.Str("id");

        var before = await comments.Thread(slug);
        Assert.Empty(before.Items());
        Assert.Equal(0, before.Int("approvedCount"));
        Assert.Equal(0, await comments.CommentCount(slug));

        await comments.Moderate(id, "approve");

        var after = await comments.Thread(slug);
        var only = Assert.Single(after.Items())!;
        Assert.Equal(id, only.Str("id"));
        Assert.Equal("First!", only.Str("body"));
        Assert.Equal("Dana Reader", only.Str("authorName"));
        Assert.Equal(0, only.Int("likes"));
        Assert.Empty(only["replies"]!.AsArray());
        Assert.Equal(1, after.Int("approvedCount"));
        Assert.Equal(1, await comments.CommentCount(slug));

        var listed = await fx.Anonymous().GetAsync($"/api/v1/articles?author={article["author"]!.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Equal(1, Assert.Single(listed.Items()).Int("commentCount"));
    }

    [Fact]
    public async Task Comments_on_drafts_and_unknown_articles_are_404()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var draft = await content.Draft((await content.Author()).Str("id"));
        var reader = comments.Reader();

        foreach (var article in new[] { draft.Str("slug"), draft.Str("id"), "no-such-article", Guid.NewGuid().ToString() })
        {
            await reader.PostJson(Commenting.Path(article), Commenting.Body()).ExpectProblem(HttpStatusCode.NotFound);
            await reader.GetAsync(Commenting.Path(article)).ExpectProblem(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Editors_close_and_reopen_comments_with_the_article_fields_and_a_closed_article_answers_409()
    {
        var article = await comments.Article();
        var slug = article.Str("slug");
        var editor = await fx.Editor();
        await comments.Approved(slug, "Said before closing.");

        var closed = await EditorClient.Patch(editor, $"/api/v1/articles/{slug}", "*", """{"commentsEnabled": false}""").Expect(HttpStatusCode.OK);
        Assert.False(closed["commentsEnabled"]!.GetValue<bool>());

        var problem = await comments.Reader().PostJson(Commenting.Path(slug), Commenting.Body()).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("closed", problem.Str("detail"));
        Assert.Single((await comments.Thread(slug)).Items());

        var revisions = await editor.GetAsync($"/api/v1/articles/{slug}/revisions").Expect(HttpStatusCode.OK);
        Assert.Equal(["commentsEnabled"], revisions.Items().First()!["changedFields"].Strings());

        // A full replace that leaves the field out keeps the setting, like the slug.
        var replaced = await editor.PutJson($"/api/v1/articles/{slug}", EditorClient.Body(closed, "Retitled")).Expect(HttpStatusCode.OK);
        Assert.False(replaced["commentsEnabled"]!.GetValue<bool>());

        var body = ContentBuilder.ArticleFields(article["author"]!.Str("id"), "Reopened");
        body["commentsEnabled"] = true;
        await editor.PutJson($"/api/v1/articles/{slug}", body).Expect(HttpStatusCode.OK);
        await comments.Submit(slug);
    }

    [Fact]
    public async Task Only_editors_open_and_close_comments()
    {
        var article = await comments.Article();
        var moderator = await comments.Moderator();
        await EditorClient.Patch(moderator, $"/api/v1/articles/{article.Str("slug")}", "*", """{"commentsEnabled": false}""")
            .ExpectProblem(HttpStatusCode.Forbidden);
        Assert.True((await fx.Anonymous().GetAsync($"/api/v1/articles/{article.Str("slug")}").Expect(HttpStatusCode.OK))["commentsEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Submissions_are_validated_field_by_field()
    {
        var slug = (await comments.Article()).Str("slug");
        var reader = comments.Reader();
        var path = Commenting.Path(slug);

        await reader.PostJson(path, new { }).ExpectValidation("authorName", "authorEmail", "body");
        await reader.PostJson(path, new { authorName = " ", authorEmail = "not-an-email", body = "   " }).ExpectValidation("authorName", "authorEmail", "body");

        var tooLong = Commenting.Body(new string('x', 5001));
        tooLong["authorName"] = new string('n', 81);
        tooLong["authorUrl"] = "javascript:alert(1)";
        await reader.PostJson(path, tooLong).ExpectValidation("authorName", "authorUrl", "body");

        var longest = Commenting.Body(new string('x', 5000));
        longest["authorUrl"] = "https://reader.example/blog";
        await comments.Submit(slug, longest);
    }

    [Fact]
    public async Task Malformed_oversized_and_non_json_bodies_are_client_errors_never_500()
    {
        var path = Commenting.Path((await comments.Article()).Str("slug"));
        var reader = comments.Reader();

        await reader.PostRaw(path, """{"authorName": "x", "body": """).ExpectProblem(HttpStatusCode.BadRequest);
        await reader.PostRaw(path, """{"authorName": "x", "authorEmail": "a@b.c", "body": "hi", "parentId": "nope"}""").ExpectProblem(HttpStatusCode.BadRequest);
        await reader.PostRaw(path, "authorName=x", "application/x-www-form-urlencoded").ExpectProblem(HttpStatusCode.UnsupportedMediaType);

        var huge = Commenting.Body(new string('x', 2 * 1024 * 1024));
        await reader.PostJson(path, huge).ExpectProblem(HttpStatusCode.RequestEntityTooLarge);

        var chunked = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            System.Text.Json.JsonSerializer.Serialize(huge))));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await reader.PostAsync(path, chunked);
        Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, $"got {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Approving_comments_moves_the_count_but_not_the_article_version_so_editors_if_match_still_holds()
    {
        var article = await comments.Article();
        var slug = article.Str("slug");
        var editor = await fx.Editor();
        var read = await editor.GetAsync($"/api/v1/articles/{slug}");
        var etag = read.Headers.ETag!.ToString();
        var version = (await read.Json()).Int("version");

        await comments.Approved(slug);

        var after = await editor.GetAsync($"/api/v1/articles/{slug}");
        Assert.Equal(version, (await after.Json()).Int("version"));
        Assert.NotEqual(etag, after.Headers.ETag!.ToString());

        // A cached copy is not revalidated as current: the count is part of the bytes.
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{slug}");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
        Assert.Equal(HttpStatusCode.OK, (await fx.Anonymous().SendAsync(conditional)).StatusCode);

        var edited = await EditorClient.Send(editor, HttpMethod.Put, $"/api/v1/articles/{slug}", etag, EditorClient.Body(await read.Json(), "Edited after a comment"));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(1, (await edited.Json()).Int("commentCount"));
    }

    [Fact]
    public async Task Comment_addresses_follow_a_renamed_article_and_deleting_the_article_deletes_its_comments()
    {
        var article = await comments.Article();
        var oldSlug = article.Str("slug");
        var id = await comments.Approved(oldSlug);
        var editor = await fx.Editor();
        await EditorClient.Patch(editor, $"/api/v1/articles/{oldSlug}", "*", $$"""{"slug": "{{Unique("renamed")}}"}""").Expect(HttpStatusCode.OK);

        Assert.Single((await comments.Thread(oldSlug)).Items());
        await comments.Submit(oldSlug);

        await editor.DeleteAsync($"/api/v1/articles/{article.Str("id")}").Expect(HttpStatusCode.NoContent);
        await (await comments.Moderator()).GetAsync($"/api/v1/comments/{id}").ExpectProblem(HttpStatusCode.NotFound);
    }
}

public sealed class CommentFlowTestsOnSqlite(CommentsSqliteFixture fx) : CommentFlowTests(fx), IClassFixture<CommentsSqliteFixture>;

public sealed class CommentFlowTestsOnPostgres(CommentsPostgresFixture fx) : CommentFlowTests(fx.OrSkip()), IClassFixture<CommentsPostgresFixture>;
