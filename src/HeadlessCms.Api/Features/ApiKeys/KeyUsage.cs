using System.Collections.Concurrent;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.ApiKeys;

/// <summary>
/// Counts keyed requests per key and UTC day in this instance's memory, and adds them to the database now and then
/// (Cms:ApiKeys:UsageFlushInterval, on stopping, and before a usage report): a read costs no database write. Each
/// instance adds its own counts, so the totals are the sum over instances.
/// </summary>
public sealed class KeyUsage(IServiceScopeFactory scopes, TimeProvider clock, ILogger<KeyUsage> logger)
{
    /// <summary>Days kept in the database; the report shows the last 30.</summary>
    public const int KeptDays = 90;

    private readonly ConcurrentDictionary<(Guid Key, DateOnly Day), long> counts = new();
    private readonly ConcurrentDictionary<Guid, DateTime> lastUsed = new();
    private readonly SemaphoreSlim flushing = new(1, 1);

    public void Count(Guid keyId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        counts.AddOrUpdate((keyId, DateOnly.FromDateTime(now)), 1, static (_, n) => n + 1);
        lastUsed.AddOrUpdate(keyId, now, (_, before) => before > now ? before : now);
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        await flushing.WaitAsync(ct);
        try
        {
            var taken = Take(counts);
            var used = Take(lastUsed);
            if (taken.Count == 0 && used.Count == 0)
            {
                return;
            }

            try
            {
                await WriteAsync(taken, used, ct);
            }
            catch
            {
                // Not lost: counted again with the next flush.
                foreach (var (key, n) in taken)
                {
                    counts.AddOrUpdate(key, n, (_, m) => m + n);
                }

                foreach (var (key, at) in used)
                {
                    lastUsed.AddOrUpdate(key, at, (_, before) => before > at ? before : at);
                }

                throw;
            }
        }
        finally
        {
            flushing.Release();
        }
    }

    private static List<KeyValuePair<TKey, TValue>> Take<TKey, TValue>(ConcurrentDictionary<TKey, TValue> from) where TKey : notnull
    {
        var taken = new List<KeyValuePair<TKey, TValue>>();
        foreach (var key in from.Keys)
        {
            if (from.TryRemove(key, out var value))
            {
                taken.Add(new(key, value));
            }
        }

        return taken;
    }

    private async Task WriteAsync(List<KeyValuePair<(Guid Key, DateOnly Day), long>> taken, List<KeyValuePair<Guid, DateTime>> used, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        foreach (var ((keyId, day), n) in taken)
        {
            // Add to the day's row; the first flush of a day inserts it, and if another instance inserted it first, add to theirs.
            if (await AddAsync(db, keyId, day, n, ct) == 0)
            {
                db.ApiKeyUsage.Add(new ApiKeyUsageDay { KeyId = keyId, Day = day, Requests = n });
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException e) when (UniqueViolation.IsUniqueViolation(e))
                {
                    db.ChangeTracker.Clear();
                    await AddAsync(db, keyId, day, n, ct);
                }

                db.ChangeTracker.Clear();
            }
        }

        foreach (var (keyId, at) in used)
        {
            await db.ApiKeys.Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < at))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, at), ct);
        }

        var oldest = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-KeptDays);
        await db.ApiKeyUsage.Where(u => u.Day < oldest).ExecuteDeleteAsync(ct);
    }

    private static Task<int> AddAsync(CmsDbContext db, Guid keyId, DateOnly day, long n, CancellationToken ct) =>
        db.ApiKeyUsage.Where(u => u.KeyId == keyId && u.Day == day).ExecuteUpdateAsync(s => s.SetProperty(u => u.Requests, u => u.Requests + n), ct);

    internal ILogger Logger => logger;
}

/// <summary>Writes each instance's usage counts on a timer (TimeProvider), and once more when the instance stops.</summary>
internal sealed class KeyUsageFlusher(KeyUsage usage, TimeProvider clock, IOptions<ApiKeyOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.UsageFlushInterval, clock, stoppingToken);
                await usage.FlushAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                usage.Logger.LogWarning(e, "Writing API key usage failed; the counts are kept for the next try");
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await usage.FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            usage.Logger.LogWarning(e, "Writing API key usage on stopping failed; these counts are lost");
        }
    }
}

public static class KeyQuotaSetup
{
    /// <summary>Cms:ApiKeys (quota defaults per role, the usage flush interval), the usage counter and its flusher.</summary>
    public static IServiceCollection AddKeyQuotas(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.Section))
            .Validate(o => o.Quotas.Values.All(q => q.RequestsPerMinute is >= 0 and <= ApiKeyOptions.MaxPerMinute && q.RequestsPerDay is >= 0 and <= ApiKeyOptions.MaxPerDay),
                $"{ApiKeyOptions.Section}:Quotas: RequestsPerMinute must be 0 (no limit) to {ApiKeyOptions.MaxPerMinute}, RequestsPerDay 0 to {ApiKeyOptions.MaxPerDay}.")
            .Validate(o => o.UsageFlushInterval >= TimeSpan.FromSeconds(1), $"{ApiKeyOptions.Section}:UsageFlushInterval must be at least 1 second.")
            .ValidateOnStart();
        services.AddSingleton<KeyUsage>();
        services.AddHostedService<KeyUsageFlusher>();
        return services;
    }
}
