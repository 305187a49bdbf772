using StackExchange.Redis;

namespace HeadlessCms.Api.Common.Caching;

/// <summary>What keys a cached read: the content generation, the epoch, and the generation at which one article last changed.</summary>
public readonly record struct Generations(long Content, long Epoch, long Article);

/// <summary>
/// The generations of ContentCache shared through Redis. A writer records its commit right after it, before its
/// response is sent, and announces it on a channel; every cacheable read asks Redis before it looks in the cache. So a
/// read on any instance after a write on another is fresh at once, and all instances key the shared cache alike.
/// Without Redis (or while it is away) each instance keeps its own and polls the database (CacheSync).
/// Layout under the prefix: content:generation and content:epoch (strings), content:articles (hash: article key to the
/// generation of its last change) and content:articles:at (sorted set: when, for the sweep). None has a TTL, so a
/// volatile-* eviction policy (the cached responses expire) never drops them.
/// </summary>
public sealed class SharedGeneration
{
    private const string CommitScript = """
        local g = tonumber(ARGV[1])
        if g > tonumber(redis.call('GET', KEYS[1]) or '0') then redis.call('SET', KEYS[1], ARGV[1]) end
        for i = 5, #ARGV do
          redis.call('HSET', KEYS[3], ARGV[i], ARGV[1])
          redis.call('ZADD', KEYS[4], ARGV[2], ARGV[i])
        end
        redis.call('PUBLISH', ARGV[3], ARGV[4])
        return 1
        """;

    // A write Redis did not hear of (it was away): nothing cached before it may be served, whichever article it touched.
    private const string HealScript = """
        local g = tonumber(ARGV[1])
        if g > tonumber(redis.call('GET', KEYS[1]) or '0') then
          redis.call('SET', KEYS[1], ARGV[1])
          redis.call('SET', KEYS[2], ARGV[1])
          redis.call('PUBLISH', ARGV[2], ARGV[1] .. '|*')
          return 1
        end
        return 0
        """;

    private const string ReadScript = """
        local a = false
        if ARGV[1] ~= '' then a = redis.call('HGET', KEYS[3], ARGV[1]) end
        return { redis.call('GET', KEYS[1]) or '0', redis.call('GET', KEYS[2]) or '0', a or '0' }
        """;

    private const string SweepScript = """
        local old = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[1], 'LIMIT', 0, 5000)
        if #old > 0 then
          redis.call('HDEL', KEYS[3], unpack(old))
          redis.call('ZREM', KEYS[4], unpack(old))
        end
        return #old
        """;

    private readonly RedisConnection redis;
    private readonly TimeProvider clock;
    private readonly ILogger<SharedGeneration> logger;
    private readonly RedisKey[] keys;
    private readonly string channel;

    public SharedGeneration(RedisConnection redis, TimeProvider clock, ILogger<SharedGeneration> logger)
    {
        this.redis = redis;
        this.clock = clock;
        this.logger = logger;
        keys = [redis.Key("content:generation"), redis.Key("content:epoch"), redis.Key("content:articles"), redis.Key("content:articles:at")];
        channel = redis.Prefix + "content:changed";
    }

    public bool IsConnected => redis.IsConnected;

    /// <summary>Null when Redis cannot say: the caller goes on with what this instance knows.</summary>
    public async ValueTask<Generations?> ReadAsync(string? articleKey)
    {
        if (!redis.IsConnected)
        {
            return null;
        }

        try
        {
            var values = (RedisValue[])(await redis.Database.ScriptEvaluateAsync(ReadScript, keys, [articleKey ?? ""]))!;
            return new Generations((long)values[0], (long)values[1], (long)values[2]);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "Reading the shared generations failed");
            return null;
        }
    }

    /// <summary>False when Redis did not take it (away, or failing): the write must be healed into Redis later.</summary>
    public Task<bool> CommitAsync(long generation, IReadOnlyCollection<string> articleKeys)
    {
        RedisValue[] args = [generation, clock.GetUtcNow().ToUnixTimeSeconds(), channel, $"{generation}|{string.Join(' ', articleKeys)}",
            .. articleKeys.Select(k => (RedisValue)k)];
        return RunAsync(CommitScript, args, "Announcing a write through Redis failed");
    }

    public Task<bool> HealAsync(long generation) => RunAsync(HealScript, [generation, channel], "Raising the shared generation failed");

    /// <summary>Forgets article generations older than any cached response can be (they would key nothing that still exists).</summary>
    public Task SweepAsync(TimeSpan olderThan) =>
        RunAsync(SweepScript, [(clock.GetUtcNow() - olderThan).ToUnixTimeSeconds()], "Sweeping old article generations failed");

    /// <summary>Registers at once even while Redis is away: the multiplexer subscribes again on every reconnect.</summary>
    public Task SubscribeAsync(Action<long, string[]?> announced) =>
        redis.Subscriber.SubscribeAsync(RedisChannel.Literal(channel), (_, message) =>
        {
            var text = (string?)message ?? "";
            var bar = text.IndexOf('|');
            if (bar > 0 && long.TryParse(text.AsSpan(0, bar), out var generation))
            {
                var rest = text[(bar + 1)..];
                announced(generation, rest == "*" ? null : rest.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }, CommandFlags.FireAndForget);

    private async Task<bool> RunAsync(string script, RedisValue[] args, string failure)
    {
        if (!redis.IsConnected)
        {
            return false;
        }

        try
        {
            await redis.Database.ScriptEvaluateAsync(script, keys, args);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The other instances learn of the write by polling the database; Redis is healed once it is back.
            logger.LogWarning(e, "{Failure}", failure);
            return false;
        }
    }
}
