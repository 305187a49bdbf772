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
/// The output cache for anonymous reads, which is never stale after a write, and evicts precisely: a write drops the
/// pages of the articles it changed (by id and slug) and every list-like page (lists, feeds, search, authors, tags),
/// while the pages of all other articles stay warm. Cache keys carry generations from the database's ContentState
/// counter, which every committed content write moves on: an article's page is keyed by the generation of its last
/// change and the epoch (the last change whose articles are unknown: another instance's write seen only by polling);
/// everything else by the content generation. A response read before a write can still be stored, but under a key no
/// lookup asks for again; eviction by tag then frees the memory. With Redis the generations are shared
/// (SharedGeneration) and read before every lookup, so instances agree at once; without it each instance polls the
/// database (CacheSync). Requests with an Authorization header never touch the shared cache (private, no-store).
/// </summary>
public sealed class ContentCache(IOutputCacheStore store, IOptions<CachingOptions> options, ILogger<ContentCache> logger, SharedGeneration? shared = null)
{
    public const string PolicyName = "anonymous-content";

    /// <summary>On every cached response: evicted when a change's articles are unknown.</summary>
    public const string StoreTag = "content";

    /// <summary>On every cached response that is not one article's: evicted by every write.</summary>
    public const string ListsTag = "lists";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Generation, long At)> articles = new();

    // This instance's writes between taking their generation and telling the cache (see Committing).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, long> committing = new();
    private long generation;
    private long epoch;
    private long lastPolled;
    private long unannounced;

    /// <summary>The newest generation this instance knows of.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public CachingOptions Options => options.Value;

    /// <summary>How an article is addressed in a path, the way writes name it: lowercase slug, or the id in its canonical form.</summary>
    public static string ArticleKey(string idOrSlug) =>
        Guid.TryParse(idOrSlug, out var id) ? id.ToString("D") : idOrSlug.ToLowerInvariant();

    /// <summary>The article a path belongs to (/api/v1/articles/{idOrSlug} and everything under it), or null.</summary>
    public static string? ArticleScope(PathString path)
    {
        const string prefix = "/api/v1/articles/";
        var value = path.Value;
        if (value is null || !value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || value.Length == prefix.Length)
        {
            return null;
        }

        var end = value.IndexOf('/', prefix.Length);
        return ArticleKey(end < 0 ? value[prefix.Length..] : value[prefix.Length..end]);
    }

    /// <summary>The part of a cache key that moves when what the response shows may have changed.</summary>
    public async ValueTask<string> VersionAsync(string? articleKey)
    {
        if (shared is not null && await shared.ReadAsync(articleKey) is { } known)
        {
            if (known.Content >= Generation)
            {
                // Not taken into this instance's own state: that learns of changes with their articles (announcements, polls).
                return Version(articleKey, known);
            }

            // Redis is behind this instance: a write here is telling it right now, or Redis was away while writes
            // happened. Only the second needs healing, and only writes this instance failed to announce are known to be
            // that (others' are healed by the poll): healing any write would drop every page on every instance.
            // Meanwhile trust what is known here.
            var missed = Interlocked.Read(ref unannounced);
            if (missed > known.Content && await shared.HealAsync(missed))
            {
                Interlocked.CompareExchange(ref unannounced, 0, missed);
            }
        }

        var article = articleKey is not null && articles.TryGetValue(articleKey, out var changed) ? changed.Generation : 0;
        return Version(articleKey, new Generations(Generation, Interlocked.Read(ref epoch), article));
    }

    private static string Version(string? articleKey, Generations g) =>
        articleKey is null ? $"g{g.Content}" : $"e{g.Epoch}a{g.Article}";

    /// <summary>
    /// After a commit, before the response is sent: nothing cached before it is served again, here or (with Redis)
    /// on any other instance.
    /// </summary>
    public async Task CommittedAsync(long committedGeneration, IReadOnlyCollection<string> articleKeys)
    {
        Changed(committedGeneration, articleKeys);
        if (shared is not null && !await shared.CommitAsync(committedGeneration, articleKeys))
        {
            Raise(ref unannounced, committedGeneration);
        }
    }

    /// <summary>
    /// A write of this instance took this generation and is about to commit. A poll may see the commit before the
    /// write tells the cache which articles it changed (on SQLite, a commit's automatic checkpoint runs after the
    /// commit is visible); without this, the poll would take the write for an unknown one and drop every page.
    /// A write that rolls back leaves its entry to expire (OwnCommitGrace), after which the generation counts as unknown again.
    /// </summary>
    public void Committing(long committingGeneration) => committing[committingGeneration] = Environment.TickCount64;

    private static readonly TimeSpan OwnCommitGrace = TimeSpan.FromSeconds(5);

    /// <summary>Whether every generation after the known one up to this one is a write of this instance about to tell the cache.</summary>
    private bool AllOwnCommitting(long seen)
    {
        var known = Generation;
        var cutoff = Environment.TickCount64 - (long)OwnCommitGrace.TotalMilliseconds;
        if (seen - known > committing.Count)
        {
            return false;
        }

        for (var g = known + 1; g <= seen; g++)
        {
            if (!committing.TryGetValue(g, out var at) || at < cutoff)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A change of known articles (here, or announced by another instance).</summary>
    private void Changed(long changedGeneration, IReadOnlyCollection<string> articleKeys)
    {
        committing.TryRemove(changedGeneration, out _);
        var at = Environment.TickCount64;
        foreach (var key in articleKeys)
        {
            articles.AddOrUpdate(key, (changedGeneration, at), (_, old) => (Math.Max(old.Generation, changedGeneration), at));
        }

        Raise(ref generation, changedGeneration);
        _ = EvictAsync([ListsTag, .. articleKeys.Select(k => "article:" + k)]);
    }

    /// <summary>A change whose articles are unknown (a poll of the database saw another instance's write): every page goes.</summary>
    public void Observe(long seen)
    {
        if (AllOwnCommitting(seen))
        {
            return;   // this instance's own writes, whose articles the cache hears of in a moment
        }

        if (Raise(ref generation, seen))
        {
            Raise(ref epoch, seen);
            _ = EvictAsync([StoreTag]);
        }
    }

    private static bool Raise(ref long field, long value)
    {
        var known = Interlocked.Read(ref field);
        while (value > known)
        {
            var previous = Interlocked.CompareExchange(ref field, value, known);
            if (previous == known)
            {
                return true;
            }

            known = previous;
        }

        return false;
    }

    /// <summary>Called by the database poll: Redis may have missed a write made while it was away; old article generations go.</summary>
    internal async Task PolledAsync(long databaseGeneration)
    {
        // With Redis up, a writer announces its commit right after it; a generation the database showed a poll ago and
        // nobody announced was written while Redis was away. A newer one may be a commit whose announcement is on its way,
        // and taking it for a change of unknown articles would drop every page on every instance. (The first poll, before
        // the server takes requests, takes what it reads.)
        var previous = Interlocked.Exchange(ref lastPolled, databaseGeneration);
        var settled = shared is { IsConnected: true } && previous != 0 ? previous : databaseGeneration;
        Observe(settled);
        var horizon = TimeSpan.FromSeconds(Options.ServerSeconds + 60);
        var cutoff = Environment.TickCount64 - (long)horizon.TotalMilliseconds;
        var rolledBack = Environment.TickCount64 - (long)OwnCommitGrace.TotalMilliseconds;
        foreach (var (g, at) in committing)
        {
            if (at < rolledBack || g <= Generation)
            {
                committing.TryRemove(KeyValuePair.Create(g, at));
            }
        }

        foreach (var (key, value) in articles)
        {
            if (value.At < cutoff)
            {
                articles.TryRemove(KeyValuePair.Create(key, value));
            }
        }

        if (shared is not null)
        {
            await shared.HealAsync(settled);
            await shared.SweepAsync(horizon);
        }
    }

    internal Task SubscribeAsync() => shared?.SubscribeAsync((announced, keys) =>
    {
        if (keys is null)
        {
            Observe(announced);
        }
        else
        {
            Changed(announced, keys);
        }
    }) ?? Task.CompletedTask;

    private async Task EvictAsync(string[] tags)
    {
        try
        {
            foreach (var tag in tags)
            {
                await store.EvictByTagAsync(tag, CancellationToken.None);
            }
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
            var article = ContentCache.ArticleScope(request.Path);
            context.CacheVaryByRules.VaryByValues["version"] = await cache.VersionAsync(article);
            context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(cache.Options.ServerSeconds);
            context.Tags.Add(ContentCache.StoreTag);
            context.Tags.Add(article is null ? ContentCache.ListsTag : "article:" + article);
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
                await cache.PolledAsync(current);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Before migrations ran (a first start) the table is missing; later failures are the database being away.
            logger.LogWarning(e, "Checking the content generation failed; trying again");
        }
    }
}
