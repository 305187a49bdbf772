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
/// generation, and each committed write moves the generation on: a response read before a write can still be
/// stored, but under a key no lookup asks for again. Eviction by tag then frees the memory. Requests with an
/// Authorization header never touch the shared cache and are sent as private, no-store.
/// </summary>
public sealed class ContentCache(IOutputCacheStore store, IOptions<CachingOptions> options, ILogger<ContentCache> logger)
{
    public const string PolicyName = "anonymous-content";
    public const string StoreTag = "content";

    private long generation;

    public long Generation => Interlocked.Read(ref generation);

    public CachingOptions Options => options.Value;

    /// <summary>
    /// After a commit: nothing cached before it is served again. Every write moves the whole generation on; finer
    /// eviction would keep more hits after a write but cannot be stale-proof for lists, pages and counts together.
    /// </summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        _ = EvictAsync();
    }

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
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
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
            context.CacheVaryByRules.VaryByValues["generation"] = cache.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(cache.Options.ServerSeconds);
            context.Tags.Add(ContentCache.StoreTag);
        }

        return ValueTask.CompletedTask;
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
/// Drops this instance's cached responses when another instance sharing the database has written: it polls the
/// one-row content generation, a primary-key read, every Cms:Caching:SyncSeconds.
/// </summary>
public sealed class CacheSync(IServiceScopeFactory scopes, ContentCache cache, TimeProvider clock, ILogger<CacheSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long? seen = null;
        var interval = TimeSpan.FromSeconds(Math.Max(0.1, cache.Options.SyncSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<Data.CmsDbContext>();
                var generation = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(
                    db.ContentStates.Where(s => s.Id == 1).Select(s => (long?)s.Generation), stoppingToken);
                if (seen is not null && generation != seen)
                {
                    cache.Invalidate();
                }

                seen = generation;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Checking the content generation failed; trying again");
            }

            await Task.Delay(interval, clock, stoppingToken);
        }
    }
}
