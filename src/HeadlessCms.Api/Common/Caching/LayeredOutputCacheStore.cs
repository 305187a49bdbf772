using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace HeadlessCms.Api.Common.Caching;

/// <summary>
/// The output cache store when Redis is on: responses live in Redis, shared by every instance, with an optional small
/// in-process layer in front for the hottest ones. Keys carry the content generation (see AnonymousContentPolicy), so
/// neither layer can answer with a response from before a write; old entries are simply never asked for again and
/// expire (Redis by TTL, the local layer when the generation moves). With Redis away the local layer carries on alone.
/// Tags are not kept in Redis: eviction by generation makes them unnecessary, and they would cost writes on every store.
/// </summary>
public sealed class LayeredOutputCacheStore : IOutputCacheStore, IDisposable
{
    private readonly RedisConnection redis;
    private readonly ILogger<LayeredOutputCacheStore> logger;
    private readonly bool useLocal;
    private readonly long localLimit;
    private MemoryCache local;

    public LayeredOutputCacheStore(RedisConnection redis, RedisOptions redisOptions, CachingOptions caching, ILogger<LayeredOutputCacheStore> logger)
    {
        this.redis = redis;
        this.logger = logger;
        useLocal = redisOptions.LocalLayer;
        localLimit = caching.SizeLimitMegabytes * 1024L * 1024L;
        local = NewLocal();
    }

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (local.TryGetValue(key, out byte[]? hit))
        {
            return hit;
        }

        if (!redis.IsConnected)
        {
            return null;
        }

        try
        {
            var value = (byte[]?)await redis.Database.StringGetAsync(redis.Key("oc:" + key));
            if (value is not null && useLocal)
            {
                Remember(key, value, TimeSpan.FromSeconds(30));
            }

            return value;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "Reading a cached response from Redis failed; answering from the database");
            return null;
        }
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (useLocal || !redis.IsConnected)
        {
            Remember(key, value, validFor);
        }

        if (!redis.IsConnected)
        {
            return;
        }

        try
        {
            await redis.Database.StringSetAsync(redis.Key("oc:" + key), value, validFor, flags: CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "Storing a cached response in Redis failed");
        }
    }

    /// <summary>
    /// Everything went (a change whose articles are unknown): free the local layer now. Finer evictions are left to
    /// expiry and the size limit: entries of an old version are never asked for again, and tags are not tracked here.
    /// </summary>
    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        if (tag == ContentCache.StoreTag)
        {
            var old = Interlocked.Exchange(ref local, NewLocal());
            old.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose() => local.Dispose();

    private void Remember(string key, byte[] value, TimeSpan validFor) =>
        local.Set(key, value, new MemoryCacheEntryOptions { Size = value.Length + key.Length * 2, AbsoluteExpirationRelativeToNow = validFor });

    private MemoryCache NewLocal() => new(new MemoryCacheOptions { SizeLimit = localLimit });
}
