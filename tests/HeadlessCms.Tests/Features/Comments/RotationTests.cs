using System.Net;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Comments;

/// <summary>
/// Finding 3: a new User-Agent per request made a new client, so one address raised a comment's likes from 1 to 41 and
/// got every comment past the limit and the duplicate rule. The per-network limits (twice the per-client ones in this
/// fixture), one like per comment per network per day and the per-network duplicate rule hold under that rotation.
/// </summary>
public abstract class RotationTests(CmsApiFixture fx)
{
    private const int PerClient = CommentSetup.SmallLimit;
    private const int PerNetwork = CommentSetup.SmallLimit * 2;
    private static int nextNetwork;

    private readonly Commenting comments = new(fx);

    /// <summary>An IPv4 address no other test of this fixture uses.</summary>
    private static string NewAddress()
    {
        var n = Interlocked.Increment(ref nextNetwork);
        return $"198.18.{n / 250}.{n % 250 + 1}";
    }

    /// <summary>A client at the address with a User-Agent nobody sent before: what a rotating bot looks like.</summary>
    private HttpClient Rotated(string address)
    {
        var client = fx.From(address);
        client.DefaultRequestHeaders.UserAgent.ParseAdd($"Bot/{Guid.NewGuid():N}");
        return client;
    }

    [Fact]
    public async Task Submissions_with_a_new_user_agent_each_stop_at_the_network_limit()
    {
        var slug = (await comments.Article()).Str("slug");
        var address = NewAddress();
        for (var i = 0; i < PerNetwork; i++)
        {
            await comments.Submit(slug, reader: Rotated(address));
        }

        var refused = await Rotated(address).PostJson(Commenting.Path(slug), Commenting.Body());
        await refused.ExpectProblem(HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);

        // Another network is not affected.
        await comments.Submit(slug, reader: Rotated(NewAddress()));
    }

    [Fact]
    public async Task The_per_client_limit_still_comes_first_and_is_lower()
    {
        var slug = (await comments.Article()).Str("slug");
        var address = NewAddress();
        var client = Rotated(address);
        for (var i = 0; i < PerClient; i++)
        {
            await comments.Submit(slug, reader: client);
        }

        await client.PostJson(Commenting.Path(slug), Commenting.Body()).ExpectProblem(HttpStatusCode.TooManyRequests);

        // The refused request spent nothing of the network's budget: its neighbours still have PerNetwork - PerClient.
        for (var i = 0; i < PerNetwork - PerClient; i++)
        {
            await comments.Submit(slug, reader: Rotated(address));
        }

        await Rotated(address).PostJson(Commenting.Path(slug), Commenting.Body()).ExpectProblem(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task An_ipv6_network_is_its_slash_64_whatever_the_address_and_user_agent()
    {
        var slug = (await comments.Article()).Str("slug");
        var n = Interlocked.Increment(ref nextNetwork);
        for (var i = 0; i < PerNetwork; i++)
        {
            await comments.Submit(slug, reader: Rotated($"2001:db8:{n:x}:1::{i + 1:x}"));
        }

        await Rotated($"2001:db8:{n:x}:1:ffff::9").PostJson(Commenting.Path(slug), Commenting.Body())
            .ExpectProblem(HttpStatusCode.TooManyRequests);
        await comments.Submit(slug, reader: Rotated($"2001:db8:{n:x}:2::1"));
    }

    [Fact]
    public async Task One_like_per_comment_per_network_whatever_the_user_agent()
    {
        var slug = (await comments.Article()).Str("slug");
        var id = await comments.Approved(slug);
        var likes = $"/api/v1/comments/{id}/likes";
        var address = NewAddress();

        for (var i = 0; i < PerNetwork - 1; i++)
        {
            // Every one is answered like a repeated like: 200 with the unchanged count.
            Assert.Equal(1, (await Rotated(address).PostAsync(likes, null).Expect(HttpStatusCode.OK)).Int("likes"));
        }

        Assert.Equal(2, (await Rotated(NewAddress()).PostAsync(likes, null).Expect(HttpStatusCode.OK)).Int("likes"));

        var n = Interlocked.Increment(ref nextNetwork);
        Assert.Equal(3, (await Rotated($"2001:db8:{n:x}:7::1").PostAsync(likes, null).Expect(HttpStatusCode.OK)).Int("likes"));
        Assert.Equal(3, (await Rotated($"2001:db8:{n:x}:7::2").PostAsync(likes, null).Expect(HttpStatusCode.OK)).Int("likes"));
        Assert.Equal(3, (await comments.Get(id)).Int("likes"));
    }

    [Fact]
    public async Task Parallel_likes_from_one_network_count_once()
    {
        var slug = (await comments.Article()).Str("slug");
        var id = await comments.Approved(slug);
        var address = NewAddress();
        var answers = await Task.WhenAll(Enumerable.Range(0, PerNetwork).Select(_ =>
            Rotated(address).PostAsync($"/api/v1/comments/{id}/likes", null)));
        foreach (var answer in answers)
        {
            Assert.Equal(1, (await answer.Expect(HttpStatusCode.OK)).Int("likes"));
        }

        Assert.Equal(1, (await comments.Get(id)).Int("likes"));
    }

    [Fact]
    public async Task A_repeated_body_from_the_same_network_is_spam_whatever_the_user_agent()
    {
        var slug = (await comments.Article()).Str("slug");
        var text = $"Same words again {Guid.NewGuid():N}";
        var address = NewAddress();

        var first = (await comments.Submit(slug, Commenting.Body(text), Rotated(address))).Str("id");
        var second = (await comments.Submit(slug, Commenting.Body(text), Rotated(address))).Str("id");
        var elsewhere = (await comments.Submit(slug, Commenting.Body(text), Rotated(NewAddress()))).Str("id");

        Assert.Equal("pending", (await comments.Get(first)).Str("status"));
        var repeat = await comments.Get(second);
        Assert.Equal("spam", repeat.Str("status"));
        Assert.Equal("duplicate", repeat.Str("spamReason"));
        Assert.Equal("pending", (await comments.Get(elsewhere)).Str("status"));
    }

    [Fact]
    public async Task Newsletter_signups_with_a_new_user_agent_each_stop_at_the_network_limit()
    {
        var address = NewAddress();
        for (var i = 0; i < PerNetwork; i++)
        {
            await Rotated(address).PostJson(Subscribing.Path, new { email = Subscribing.NewAddress() }).Expect(HttpStatusCode.Accepted);
        }

        var refused = await Rotated(address).PostJson(Subscribing.Path, new { email = Subscribing.NewAddress() });
        await refused.ExpectProblem(HttpStatusCode.TooManyRequests);
        await Rotated(NewAddress()).PostJson(Subscribing.Path, new { email = Subscribing.NewAddress() }).Expect(HttpStatusCode.Accepted);
    }
}

public sealed class RotationTestsOnSqlite(RateLimitedSqliteFixture fx) : RotationTests(fx), IClassFixture<RateLimitedSqliteFixture>;

public sealed class RotationTestsOnPostgres(RateLimitedPostgresFixture fx) : RotationTests(fx.OrSkip()), IClassFixture<RateLimitedPostgresFixture>;
