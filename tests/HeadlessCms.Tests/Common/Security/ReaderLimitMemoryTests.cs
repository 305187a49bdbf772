using System.Net;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Features.Comments;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HeadlessCms.Tests.Common.Security;

/// <summary>
/// The reader limits as the middleware spends them (client hash, then network hash) with 100,000 distinct User-Agents
/// from one address: the store stays bounded, and the network's budget is not forgotten while client keys churn.
/// </summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class ReaderLimitMemoryTests
{
    [Fact]
    public async Task One_hundred_thousand_user_agents_from_one_address_keep_memory_bounded_and_stay_refused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var store = new InMemoryRateLimitStore(clock);
        var identity = new ClientIdentity(Options.Create(new CommentOptions { ClientSecret = "memory-test-secret" }), clock);
        var limits = new CommentRateLimitOptions();
        var address = IPAddress.Parse("203.0.113.9");
        var network = identity.NetworkOf(address);

        var allowed = 0;
        var refused = 0;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < 100_000; i++)
        {
            try
            {
                await CommentRateLimits.SpendAsync(store, limits, CommentRateLimits.Likes, identity.Of(address, $"Agent/{i}"), network, default);
                allowed++;
            }
            catch (TooManyRequestsException)
            {
                refused++;
            }

            Assert.True(store.Count <= InMemoryRateLimitStore.MaxKeys + 1, $"{store.Count} keys after {i + 1} requests");
        }

        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;

        // Exactly the network's budget got through: rotating the User-Agent bought nothing.
        Assert.Equal(limits.NetworkLikes, allowed);
        Assert.Equal(100_000 - limits.NetworkLikes, refused);

        // 50,000 windows of a few hundred bytes each at most: well under 64 MB whatever the number of agents.
        Assert.InRange(grown, long.MinValue, 64L * 1024 * 1024);
        TestContext.Current.SendDiagnosticMessage($"{store.Count} keys, {grown / 1024} KiB retained after 100,000 user agents");
    }
}
