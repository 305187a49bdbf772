using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace HeadlessCms.Api.Common.Caching;

/// <summary>Cms:Caching: the server's output cache for anonymous reads and the Cache-Control it sends.</summary>
public sealed class CachingOptions
{
    /// <summary>Off: every read goes to the database (the read model). Cache-Control headers are still sent.</summary>
    public bool Enabled { get; set; } = true;

    public int MaxAgeSeconds { get; set; } = 60;

    public int StaleWhileRevalidateSeconds { get; set; } = 300;

    /// <summary>How long this server keeps a response; writes end it sooner (see ContentCache).</summary>
    public int ServerSeconds { get; set; } = 300;

    /// <summary>
    /// How often an instance checks the database for writes made by other instances. Writes through this instance
    /// take effect at once; with several instances on one database, another instance's write reaches this one's
    /// cache within this many seconds.
    /// </summary>
    public double SyncSeconds { get; set; } = 1;

    /// <summary>The most memory the output cache may hold.</summary>
    public int SizeLimitMegabytes { get; set; } = 32;
}

/// <summary>
/// The output cache for anonymous reads, which is never stale after a write. Every cache key includes the content
/// generation (the database's ContentState counter, which every committed content write moves on): a response read
/// before a write can still be stored, but under a key no lookup asks for again. Eviction by tag then frees the memory.
/// With Redis the generation is shared (SharedGeneration) and read before every lookup, so instances agree at once;
/// without it each instance polls the database (CacheSync). Requests with an Authorization header never touch the
/// shared cache and are sent as private, no-store.
/// </summary>
public sealed class ContentCache(IOutputCacheStore store, IOptions<CachingOptions> options, ILogger<ContentCache> logger, SharedGeneration? shared = null)
{
    public const string PolicyName = "anonymous-content";
    public const string StoreTag = "content";

    private long generation;

    /// <summary>The newest generation this instance knows of.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public CachingOptions Options => options.Value;

    /// <summary>The generation to key a read by: Redis's when it answers, else this instance's own.</summary>
    public async ValueTask<long> CurrentAsync()
    {
        if (shared is not null && await shared.ReadAsync() is { } sharedGeneration)
        {
            Observe(sharedGeneration);
        }

        return Generation;
    }

    /// <summary>
    /// After a commit, before the response is sent: nothing cached before it is served again, here or (with Redis)
    /// on any other instance. Every write moves the whole generation on.
    /// </summary>
    public async Task CommittedAsync(long committedGeneration)
    {
        Observe(committedGeneration);
        if (shared is not null)
        {
            await shared.RaiseAsync(committedGeneration);
        }
    }

    /// <summary>Learns of a generation (a commit here, a poll of the database, an announcement); older ones change nothing.</summary>
    public void Observe(long seen)
    {
        var known = Interlocked.Read(ref generation);
        while (seen > known)
        {
            var previous = Interlocked.CompareExchange(ref generation, seen, known);
            if (previous == known)
            {
                _ = EvictAsync();
                return;
            }

            known = previous;
        }
    }

    /// <summary>Called by the database poll: Redis may have missed a write made while it was away.</summary>
    internal Task HealSharedAsync(long databaseGeneration) => shared?.RaiseAsync(databaseGeneration) ?? Task.CompletedTask;

    internal Task SubscribeAsync() => shared?.SubscribeAsync(Observe) ?? Task.CompletedTask;

    private async Task EvictAsync()
    {
        try
        {
            await store.EvictByTagAsync(StoreTag, CancellationToken.None);
        }
        catch (Exception e)
        {
            // Correctness does not depend on eviction (the generation already moved); only memory does.
            logger.LogWarning(e, "Evicting cached responses failed");
        }
    }

    /// <summary>Both header names CDNs use: Fastly's Surrogate-Key (space-separated) and Cloudflare's Cache-Tag (commas).</summary>
    public static void SetSurrogateKeys(HttpResponse response, string keys)
    {
        response.Headers["Surrogate-Key"] = keys;
        response.Headers["Cache-Tag"] = keys.Replace(' ', ',');
    }

    /// <summary>Cache-Control for what the API sends: public for anonymous reads, private and unstored for anything keyed.</summary>
    public static IApplicationBuilder UseCacheHeaders(IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var response = http.Response;
            if (!http.Request.Path.StartsWithSegments("/api"))
            {
                return Task.CompletedTask;
            }

            var keyed = http.Request.Headers.ContainsKey(HeaderNames.Authorization);
            var anonymousRead = !keyed && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
                && response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified;
            if (anonymousRead)
            {
                var o = http.RequestServices.GetRequiredService<IOptions<CachingOptions>>().Value;
                response.Headers.CacheControl = $"public, max-age={o.MaxAgeSeconds}, stale-while-revalidate={o.StaleWhileRevalidateSeconds}";
            }
            else if (keyed || !HttpMethods.IsGet(http.Request.Method))
            {
                response.Headers.CacheControl = "private, no-store";
            }

            if (!response.Headers.Vary.Any(v => v is not null && v.Contains("Authorization", StringComparison.OrdinalIgnoreCase)))
            {
                response.Headers.Append(HeaderNames.Vary, "Authorization");
            }

            return Task.CompletedTask;
        });
        await next(http);
    });
}

/// <summary>What the output cache may keep: anonymous GETs of content that answered 200, keyed by query and generation.</summary>
internal sealed class AnonymousContentPolicy(ContentCache cache) : IOutputCachePolicy
{
    public async ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = cache.Options.Enabled
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && !request.Headers.ContainsKey(HeaderNames.Authorization);
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        if (cacheable)
        {
            context.CacheVaryByRules.QueryKeys = "*";

            // CORS answers may echo a listed origin (Cms:Cors:AnyOriginReads off): never serve one origin's copy to another.
            context.CacheVaryByRules.HeaderNames = HeaderNames.Origin;
            var generation = await cache.CurrentAsync();
            context.CacheVaryByRules.VaryByValues["generation"] = generation.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(cache.Options.ServerSeconds);
            context.Tags.Add(ContentCache.StoreTag);
        }
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Learns of writes made by other instances sharing the database: it polls the one-row content generation, a
/// primary-key read, every Cms:Caching:SyncSeconds. With Redis this is the fallback (announcements arrive at once,
/// and reads ask Redis anyway); it also raises Redis's generation after an outage in which writes went unannounced.
/// The first poll runs before the server takes requests, so a new instance never keys reads by a generation it has
/// not read.
/// </summary>
public sealed class CacheSync(IServiceScopeFactory scopes, ContentCache cache, TimeProvider clock, ILogger<CacheSync> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await PollAsync(cancellationToken);
        await cache.SubscribeAsync();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.1, cache.Options.SyncSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(interval, clock, stoppingToken);
            await PollAsync(stoppingToken);
        }
    }

    private async Task PollAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Data.CmsDbContext>();
            var generation = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(
                db.ContentStates.Where(s => s.Id == 1).Select(s => (long?)s.Generation), ct);
            if (generation is { } current)
            {
                cache.Observe(current);
                await cache.HealSharedAsync(current);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Before migrations ran (a first start) the table is missing; later failures are the database being away.
            logger.LogWarning(e, "Checking the content generation failed; trying again");
        }
    }
}
