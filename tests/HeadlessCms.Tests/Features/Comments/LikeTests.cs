using System.Net;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Comments;

/// <summary>One like per client per comment, idempotent, and exact counters under parallel requests.</summary>
public abstract class LikeTests(CmsApiFixture fx)
{
    private readonly Commenting comments = new(fx);

    private static string Likes(string id) => $"/api/v1/comments/{id}/likes";

    [Fact]
    public async Task A_second_like_from_the_same_client_returns_the_same_count_and_another_client_adds_one()
    {
        var slug = (await comments.Article()).Str("slug");
        var id = await comments.Approved(slug);
        var reader = comments.Reader();

        var first = await reader.PostAsync(Likes(id), null).Expect(HttpStatusCode.OK);
        Assert.Equal(id, first.Str("commentId"));
        Assert.Equal(1, first.Int("likes"));
        Assert.Equal(1, (await reader.PostAsync(Likes(id), null).Expect(HttpStatusCode.OK)).Int("likes"));
        Assert.Equal(2, (await comments.Reader().PostAsync(Likes(id), null).Expect(HttpStatusCode.OK)).Int("likes"));

        Assert.Equal(2, Assert.Single((await comments.Thread(slug)).Items()).Int("likes"));
    }

    [Fact]
    public async Task A_thread_read_before_a_like_shows_it_right_after_and_is_publicly_cacheable()
    {
        var slug = (await comments.Article()).Str("slug");
        var id = await comments.Approved(slug);
        var reader = comments.Reader();

        var before = await reader.GetAsync(Commenting.Path(slug));
        Assert.Equal(0, (await before.Expect(HttpStatusCode.OK)).Items()[0]!.Int("likes"));
        Assert.Contains("public", before.Headers.CacheControl!.ToString());
        await reader.PostAsync(Likes(id), null).Expect(HttpStatusCode.OK);

        Assert.Equal(1, (await comments.Thread(slug)).Items()[0]!.Int("likes"));
    }

    [Fact]
    public async Task Only_approved_comments_of_published_articles_can_be_liked()
    {
        var slug = (await comments.Article()).Str("slug");
        var pending = (await comments.Submit(slug)).Str("id");
        var rejected = await comments.Approved(slug);
        await comments.Moderate(rejected, "reject");
        var reader = comments.Reader();

        foreach (var id in new[] { pending, rejected, Guid.NewGuid().ToString() })
        {
            await reader.PostAsync(Likes(id), null).ExpectProblem(HttpStatusCode.NotFound);
        }

        var onUnpublished = await comments.Approved(slug);
        await new ContentBuilder(await fx.Editor()).Unpublish(slug);
        await reader.PostAsync(Likes(onUnpublished), null).ExpectProblem(HttpStatusCode.NotFound);
        await reader.PostAsync("/api/v1/comments/not-a-guid/likes", null).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Parallel_likes_from_many_clients_count_exactly()
    {
        var id = await comments.Approved((await comments.Article()).Str("slug"));
        var readers = Enumerable.Range(0, 25).Select(_ => comments.Reader()).ToList();

        var responses = await Task.WhenAll(readers.Select(r => r.PostAsync(Likes(id), null)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(25, (await comments.Get(id)).Int("likes"));
    }

    [Fact]
    public async Task Parallel_duplicate_likes_from_one_client_count_once_and_all_succeed()
    {
        var id = await comments.Approved((await comments.Article()).Str("slug"));
        var reader = comments.Reader();

        var responses = await Task.WhenAll(Enumerable.Range(0, 15).Select(_ => reader.PostAsync(Likes(id), null)));

        foreach (var response in responses)
        {
            Assert.Equal(1, (await response.Expect(HttpStatusCode.OK)).Int("likes"));
        }

        Assert.Equal(1, (await comments.Get(id)).Int("likes"));
    }

    [Fact]
    public async Task Likes_do_not_change_a_comments_version()
    {
        var id = await comments.Approved((await comments.Article()).Str("slug"));
        var before = await comments.Get(id);
        await comments.Reader().PostAsync(Likes(id), null).Expect(HttpStatusCode.OK);
        var after = await comments.Get(id);
        Assert.Equal(before.Int("version"), after.Int("version"));
        Assert.Equal(1, after.Int("likes"));
    }
}

public sealed class LikeTestsOnSqlite(CommentsSqliteFixture fx) : LikeTests(fx), IClassFixture<CommentsSqliteFixture>;

public sealed class LikeTestsOnPostgres(CommentsPostgresFixture fx) : LikeTests(fx.OrSkip()), IClassFixture<CommentsPostgresFixture>;
