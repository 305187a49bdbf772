using StackExchange.Redis;

namespace HeadlessCms.Api.Common.Caching;

/// <summary>
/// The content generation (the database's ContentState counter) shared through Redis. A writer raises it right after
/// its commit, before its response is sent, and announces it on a channel; every read asks Redis for it before it
/// looks in the cache. So a read on any instance after a write on another is fresh at once, and all instances key
/// the shared cache alike. Without Redis (or while it is away) each instance polls the database (CacheSync).
/// </summary>
public sealed class SharedGeneration
{
    // Raise only: announcements that arrive out of order, or an instance healing Redis after an outage, never move it back.
    private const string RaiseScript = """
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        local proposed = tonumber(ARGV[1])
        if proposed > current then
          redis.call('SET', KEYS[1], ARGV[1])
          redis.call('PUBLISH', ARGV[2], ARGV[1])
          return proposed
        end
        return current
        """;

    private readonly RedisConnection redis;
    private readonly ILogger<SharedGeneration> logger;
    private readonly RedisKey key;
    private readonly string channel;

    public SharedGeneration(RedisConnection redis, ILogger<SharedGeneration> logger)
    {
        this.redis = redis;
        this.logger = logger;
        key = redis.Key("content:generation");
        channel = redis.Prefix + "content:changed";
    }

    /// <summary>Null when Redis cannot say: the caller goes on with what this instance knows.</summary>
    public async ValueTask<long?> ReadAsync()
    {
        if (!redis.IsConnected)
        {
            return null;
        }

        try
        {
            var value = await redis.Database.StringGetAsync(key);
            return value.HasValue ? (long)value : 0;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "Reading the shared generation failed");
            return null;
        }
    }

    public async Task RaiseAsync(long generation)
    {
        if (!redis.IsConnected)
        {
            return;
        }

        try
        {
            await redis.Database.ScriptEvaluateAsync(RaiseScript, [key], [generation, channel]);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The other instances learn of the write by polling the database; the next poll here heals Redis.
            logger.LogWarning(e, "Announcing a write through Redis failed");
        }
    }

    /// <summary>Registers at once even while Redis is away: the multiplexer subscribes again on every reconnect.</summary>
    public Task SubscribeAsync(Action<long> announced) =>
        redis.Subscriber.SubscribeAsync(RedisChannel.Literal(channel), (_, message) =>
        {
            if (long.TryParse((string?)message, out var generation))
            {
                announced(generation);
            }
        }, CommandFlags.FireAndForget);
}
