using HeadlessCms.Api.Common.Security;
using Microsoft.Extensions.Time.Testing;

namespace HeadlessCms.Tests.Common.Security;

/// <summary>The in-memory fixed-window store: counts, windows, and memory that stays bounded under key rotation.</summary>
public sealed class RateLimitStoreTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_window_allows_the_limit_then_refuses_until_it_ends()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var store = new InMemoryRateLimitStore(clock);

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await store.HitAsync("k", 3, Minute, default)).Allowed);
        }

        Assert.False((await store.PeekAsync("k", 3, Minute, default)).Allowed);
        var refused = await store.HitAsync("k", 3, Minute, default);
        Assert.False(refused.Allowed);
        Assert.Equal(0, refused.Remaining);
        Assert.Equal(Minute, refused.RetryAfter);
        Assert.True((await store.PeekAsync("other", 3, Minute, default)).Allowed);

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(TimeSpan.FromSeconds(1), (await store.PeekAsync("k", 3, Minute, default)).RetryAfter);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await store.HitAsync("k", 3, Minute, default)).Allowed);
    }

    [Fact]
    public async Task Memory_stays_bounded_with_100_000_distinct_user_agents()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var store = new InMemoryRateLimitStore(clock);

        for (var i = 0; i < 100_000; i++)
        {
            await store.HitAsync($"client:192.0.2.1\nAgent/{i}", 5, Minute, default);
            Assert.True(store.Count <= InMemoryRateLimitStore.MaxKeys + 1, $"{store.Count} keys after {i + 1} hits");
        }

        // Ended windows are swept as time passes.
        clock.Advance(TimeSpan.FromMinutes(2));
        await store.HitAsync("fresh", 5, Minute, default);
        Assert.Equal(1, store.Count);
    }
}
