using System.Net;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Comments;

/// <summary>
/// Per-client limits on submissions and likes, with a fixture whose limit is 3 per minute. The tests only reach the
/// limit; none waits for a window to pass.
/// </summary>
public abstract class RateLimitTests(CmsApiFixture fx)
{
    private readonly Commenting comments = new(fx);
    private const int Limit = 3;

    [Fact]
    public async Task Submissions_over_the_limit_are_429_problems_with_retry_after_for_that_client_only()
    {
        var slug = (await comments.Article()).Str("slug");
        var reader = comments.Reader();
        for (var i = 0; i < Limit; i++)
        {
            await comments.Submit(slug, reader: reader);
        }

        var response = await reader.PostJson(Commenting.Path(slug), Commenting.Body());
        var problem = await response.ExpectProblem(HttpStatusCode.TooManyRequests);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal((int)retryAfter.Value.TotalSeconds, problem.Int("retryAfterSeconds"));

        // Another client is not affected, and the limit counts requests, not successes: even a 404 is refused now.
        await comments.Submit(slug);
        await reader.PostJson(Commenting.Path("no-such-article"), Commenting.Body()).ExpectProblem(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Likes_over_the_limit_are_429()
    {
        var slug = (await comments.Article()).Str("slug");
        var ids = new List<string>();
        for (var i = 0; i <= Limit; i++)
        {
            ids.Add(await comments.Approved(slug));
        }

        var reader = comments.Reader();
        foreach (var id in ids.Take(Limit))
        {
            await reader.PostAsync($"/api/v1/comments/{id}/likes", null).Expect(HttpStatusCode.OK);
        }

        var response = await reader.PostAsync($"/api/v1/comments/{ids[Limit]}/likes", null);
        await response.ExpectProblem(HttpStatusCode.TooManyRequests);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(0, (await comments.Get(ids[Limit])).Int("likes"));
    }

    [Fact]
    public async Task Staff_keys_are_not_limited_and_reading_is_not_limited()
    {
        var slug = (await comments.Article()).Str("slug");
        var moderator = await comments.Moderator();
        for (var i = 0; i < Limit * 2; i++)
        {
            await moderator.PostJson(Commenting.Path(slug), new { body = $"Staff note {i}" }).Expect(HttpStatusCode.Accepted);
        }

        var reader = comments.Reader();
        for (var i = 0; i < Limit * 2; i++)
        {
            await reader.GetAsync(Commenting.Path(slug)).Expect(HttpStatusCode.OK);
        }
    }
}

public sealed class RateLimitTestsOnSqlite(RateLimitedSqliteFixture fx) : RateLimitTests(fx), IClassFixture<RateLimitedSqliteFixture>;

public sealed class RateLimitTestsOnPostgres(RateLimitedPostgresFixture fx) : RateLimitTests(fx.OrSkip()), IClassFixture<RateLimitedPostgresFixture>;
