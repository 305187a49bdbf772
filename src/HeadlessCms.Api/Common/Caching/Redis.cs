using StackExchange.Redis;

namespace HeadlessCms.Api.Common.Caching;

/// <summary>Cms:Redis: the optional shared component of a multi-instance deployment. Off when Configuration is empty.</summary>
public sealed class RedisOptions
{
    public const string Section = "Cms:Redis";

    /// <summary>A StackExchange.Redis configuration string (<c>localhost:6379,password=...</c>). Empty: no Redis.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key and channel, so several deployments (or test runs) can share one Redis.</summary>
    public string Prefix { get; set; } = "hcms:";

    /// <summary>Keep hot responses in this process too, in front of Redis (never stale: keys carry the generation).</summary>
    public bool LocalLayer { get; set; } = true;
}

/// <summary>
/// The one connection to Redis. It is made at start without waiting for Redis to answer: with Redis down the API
/// starts, logs a warning and works on its own (caches local, limits per instance, other instances' writes learned
/// by polling the database) until the multiplexer reconnects by itself.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly ConnectionMultiplexer multiplexer;

    public RedisConnection(RedisOptions options, ILogger<RedisConnection> logger)
    {
        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(options.Configuration!);
            if (parsed.EndPoints.Count == 0)
            {
                throw new FormatException("it names no host:port endpoint");
            }
        }
        catch (Exception e) when (e is ArgumentException or RedisException or FormatException)
        {
            throw new InvalidOperationException(
                $"Cms:Redis:Configuration is not a valid StackExchange.Redis configuration string ({e.Message}); " +
                "expected for example 'localhost:6379' or 'redis.internal:6379,password=...'", e);
        }

        parsed.AbortOnConnectFail = false;
        parsed.ConnectTimeout = Math.Min(parsed.ConnectTimeout, 2000);
        // A request that waits on a dead Redis falls back after this long; a live loopback Redis answers in microseconds.
        parsed.AsyncTimeout = Math.Min(parsed.AsyncTimeout, 1000);
        parsed.SyncTimeout = Math.Min(parsed.SyncTimeout, 1000);
        Prefix = options.Prefix;
        multiplexer = ConnectionMultiplexer.Connect(parsed);
        multiplexer.ConnectionFailed += (_, e) => logger.LogWarning("Redis connection lost ({FailureType}); working without it until it is back", e.FailureType);
        multiplexer.ConnectionRestored += (_, _) => logger.LogInformation("Redis connection restored");
        if (!multiplexer.IsConnected)
        {
            logger.LogWarning("Redis ({Endpoints}) is not reachable; the API works without it and keeps trying",
                string.Join(", ", parsed.EndPoints));
        }
    }

    public string Prefix { get; }

    public bool IsConnected => multiplexer.IsConnected;

    public IDatabase Database => multiplexer.GetDatabase();

    public ISubscriber Subscriber => multiplexer.GetSubscriber();

    public RedisKey Key(string name) => Prefix + name;

    public RedisChannel Channel(string name) => RedisChannel.Literal(Prefix + name);

    public void Dispose() => multiplexer.Dispose();
}
