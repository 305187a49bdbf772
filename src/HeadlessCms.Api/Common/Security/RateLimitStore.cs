using System.Collections.Concurrent;

namespace HeadlessCms.Api.Common.Security;

/// <summary>What a fixed-window counter says: allowed or not, how many hits are left, and when the window ends.</summary>
/// <summary>What a fixed-window counter says; <paramref name="ResetAfter"/> is the time left in the window.</summary>
public readonly record struct RateLimitResult(bool Allowed, int Remaining, TimeSpan RetryAfter, TimeSpan ResetAfter = default);

/// <summary>
/// The one seam for counting hits per key in fixed windows (reader limits, key guessing). The in-memory store counts
/// per instance; a shared store (Redis) can replace it in DI to make the limits hold across instances.
/// </summary>
public interface IRateLimitStore
{
    /// <summary>Counts one hit for the key and says whether it stayed within the limit.</summary>
    ValueTask<RateLimitResult> HitAsync(string key, int limit, TimeSpan window, CancellationToken ct);

    /// <summary>Says whether one more hit would be allowed, without counting it.</summary>
    ValueTask<RateLimitResult> PeekAsync(string key, int limit, TimeSpan window, CancellationToken ct);
}

/// <summary>
/// Fixed windows in this process's memory. Memory stays bounded whatever the number of distinct keys: windows that
/// have ended are swept, and past <see cref="MaxKeys"/> live keys the oldest windows are dropped first (forgetting a
/// client errs on the side of letting it through, never of blocking an innocent one).
/// </summary>
public sealed class InMemoryRateLimitStore(TimeProvider clock) : IRateLimitStore
{
    public const int MaxKeys = 50_000;

    private readonly ConcurrentDictionary<string, Window> windows = new(StringComparer.Ordinal);
    private readonly Lock sweepLock = new();
    private long nextSweepTicks;

    public int Count => windows.Count;

    public ValueTask<RateLimitResult> HitAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var current = windows.AddOrUpdate(
            key,
            static (_, state) => new Window(state.now + state.window, 1),
            static (_, existing, state) => existing.EndsAt <= state.now
                ? new Window(state.now + state.window, 1)
                : existing with { Hits = existing.Hits + 1 },
            (now, window));
        SweepIfDue(now);
        return ValueTask.FromResult(Result(current, limit, now, counted: true));
    }

    public ValueTask<RateLimitResult> PeekAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var current = windows.TryGetValue(key, out var existing) && existing.EndsAt > now ? existing : new Window(now + window, 0);
        return ValueTask.FromResult(Result(current, limit, now, counted: false));
    }

    private static RateLimitResult Result(Window current, int limit, DateTimeOffset now, bool counted)
    {
        var allowed = counted ? current.Hits <= limit : current.Hits < limit;
        var remaining = Math.Max(0, limit - current.Hits);
        return new RateLimitResult(allowed, remaining, allowed ? TimeSpan.Zero : current.EndsAt - now, current.EndsAt - now);
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        if (windows.Count <= MaxKeys && now.UtcTicks < Interlocked.Read(ref nextSweepTicks))
        {
            return;
        }

        lock (sweepLock)
        {
            Interlocked.Exchange(ref nextSweepTicks, (now + TimeSpan.FromSeconds(10)).UtcTicks);
            foreach (var (key, window) in windows)
            {
                if (window.EndsAt <= now)
                {
                    windows.TryRemove(key, out _);
                }
            }

            var excess = windows.Count - MaxKeys;
            if (excess > 0)
            {
                // Still too many live windows: drop those that end soonest, and a margin so this is not redone per hit.
                foreach (var (key, _) in windows.OrderBy(w => w.Value.EndsAt).Take(excess + MaxKeys / 10).ToList())
                {
                    windows.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed record Window(DateTimeOffset EndsAt, int Hits);
}

public static class RateLimitStoreSetup
{
    /// <summary>
    /// Counts in Redis when Cms:Redis:Configuration is set (limits hold across instances), in this process otherwise.
    /// </summary>
    public static IServiceCollection AddRateLimitStore(this IServiceCollection services)
    {
        services.AddSingleton<InMemoryRateLimitStore>();
        services.AddSingleton<IRateLimitStore>(sp => sp.GetService<Caching.RedisConnection>() is { } redis
            ? ActivatorUtilities.CreateInstance<RedisRateLimitStore>(sp, redis)
            : sp.GetRequiredService<InMemoryRateLimitStore>());
        return services;
    }
}
