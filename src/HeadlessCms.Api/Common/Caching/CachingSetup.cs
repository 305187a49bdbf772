using Microsoft.AspNetCore.OutputCaching;

namespace HeadlessCms.Api.Common.Caching;

public static class CachingSetup
{
    /// <summary>
    /// The output cache for anonymous reads and what keeps it fresh. With Cms:Redis:Configuration set, responses and
    /// the content generation are shared through Redis; without it everything stays in this process.
    /// </summary>
    public static IServiceCollection AddContentCaching(this IServiceCollection services, IConfiguration configuration)
    {
        var caching = configuration.GetSection("Cms:Caching").Get<CachingOptions>() ?? new CachingOptions();
        services.Configure<CachingOptions>(configuration.GetSection("Cms:Caching"));
        services.AddOutputCache(options =>
        {
            // Bounded so the process stays small: the hot set of a news site (front pages, recent articles) fits easily.
            options.SizeLimit = caching.SizeLimitMegabytes * 1024L * 1024L;
            options.AddBasePolicy(policy => policy.AddPolicy<AnonymousContentPolicy>());
        });

        var redis = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        if (!string.IsNullOrWhiteSpace(redis.Configuration))
        {
            services.AddSingleton(redis);
            services.AddSingleton<RedisConnection>();
            services.AddSingleton<SharedGeneration>();
            services.AddSingleton<IOutputCacheStore>(sp => new LayeredOutputCacheStore(
                sp.GetRequiredService<RedisConnection>(), redis, caching, sp.GetRequiredService<ILogger<LayeredOutputCacheStore>>()));
        }

        services.AddSingleton<ContentCache>();
        services.AddHostedService<CacheSync>();
        return services;
    }
}
