using HeadlessCms.Api.Common.Caching;
using StackExchange.Redis;

namespace HeadlessCms.Api.Common.Security;

/// <summary>
/// Fixed windows shared by every instance through Redis, so N instances allow the configured limit once, not N times:
/// one atomic script counts the hit and starts the window's expiry on its first hit. While Redis is unreachable the
/// limits fall back to this instance's own memory (per-instance limits, never an error), and return to Redis when it does.
/// </summary>
public sealed class RedisRateLimitStore(RedisConnection redis, InMemoryRateLimitStore fallback, ILogger<RedisRateLimitStore> logger)
    : IRateLimitStore
{
    // Returns {hits, milliseconds left in the window}. A key that somehow lost its expiry gets one again.
    private const string HitScript = """
        local hits = redis.call('INCR', KEYS[1])
        local left = redis.call('PTTL', KEYS[1])
        if hits == 1 or left < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          left = tonumber(ARGV[1])
        end
        return {hits, left}
        """;

    private const string PeekScript = """
        local hits = redis.call('GET', KEYS[1])
        if not hits then return {0, tonumber(ARGV[1])} end
        return {tonumber(hits), redis.call('PTTL', KEYS[1])}
        """;

    private long lastWarningTicks;

    public ValueTask<RateLimitResult> HitAsync(string key, int limit, TimeSpan window, CancellationToken ct) =>
        RunAsync(HitScript, key, limit, window, counted: true, () => fallback.HitAsync(key, limit, window, ct));

    public ValueTask<RateLimitResult> PeekAsync(string key, int limit, TimeSpan window, CancellationToken ct) =>
        RunAsync(PeekScript, key, limit, window, counted: false, () => fallback.PeekAsync(key, limit, window, ct));

    private async ValueTask<RateLimitResult> RunAsync(
        string script, string key, int limit, TimeSpan window, bool counted, Func<ValueTask<RateLimitResult>> onOutage)
    {
        if (!redis.IsConnected)
        {
            return await onOutage();
        }

        try
        {
            var windowMs = (long)Math.Ceiling(window.TotalMilliseconds);
            var reply = (RedisResult[])(await redis.Database.ScriptEvaluateAsync(
                script, [redis.Key("ratelimit:" + key)], [windowMs]))!;
            var hits = (long)reply[0];
            var left = TimeSpan.FromMilliseconds(Math.Max(0, (long)reply[1]));
            var allowed = counted ? hits <= limit : hits < limit;
            return new RateLimitResult(allowed, (int)Math.Max(0, limit - hits), allowed ? TimeSpan.Zero : left, left);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // At most one warning a minute: an outage under load would otherwise log once per request.
            var now = Environment.TickCount64;
            var last = Interlocked.Read(ref lastWarningTicks);
            if (now - last > 60_000 && Interlocked.CompareExchange(ref lastWarningTicks, now, last) == last)
            {
                logger.LogWarning(e, "Redis did not answer a rate-limit check; limits count per instance until it is back");
            }

            return await onOutage();
        }
    }
}
