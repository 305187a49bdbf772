using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Syndication;

/// <summary>Cms:Sync: the partners' change sync.</summary>
public sealed class SyncOptions
{
    public const string Section = "Cms:Sync";
    public const int MaxRetentionDays = 3650;

    /// <summary>How long changes (tombstones included) are kept; an older sync token answers 410 Gone.</summary>
    public int RetentionDays { get; set; } = 90;

    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);
}

/// <summary>
/// Writes the change log GET /api/v1/sync reads: inside every content write's transaction, after the read model, one
/// row per published-or-formerly-published article the write touched (directly, or through its author or tags) and
/// per deleted author or tag, stamped with the content generation the read model just took.
/// <para>
/// Why the generation orders commits: the read model moves it with an UPDATE of the one content-state row, whose row
/// lock the write holds until it commits (PostgreSQL), and SQLite runs one writer at a time. So generation N+1 cannot
/// be taken before the write that took N has committed or rolled back, and a reader that sees generation G committed
/// has every row up to G visible: a sync token that stops at G never steps over a change still in flight.
/// </para>
/// </summary>
public sealed class SyncLog(IOptions<SyncOptions> options, TimeProvider clock) : IContentChangeObserver
{
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);

    // Tokens are refused after the retention; rows are kept a day longer, so a write whose clock read came a little
    // before a token was issued but committed after it is still there for that token.
    private static readonly TimeSpan Margin = TimeSpan.FromDays(1);

    private long lastPurgeTicks;

    public async Task BeforeCommitAsync(CmsDbContext db, ContentChanges changes, CancellationToken ct)
    {
        if (changes.IsEmpty)
        {
            return;   // nothing a reader sees changed, and the generation did not move
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var rows = changes.PublicArticles.Select(id => (id, SyncEntityKind.Article)).ToList();
        if (changes.Authors.Count > 0)
        {
            var ids = changes.Authors.ToList();
            var remaining = await db.Authors.Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct);
            rows.AddRange(ids.Except(remaining).Select(id => (id, SyncEntityKind.Author)));
        }

        if (changes.Tags.Count > 0)
        {
            var ids = changes.Tags.ToList();
            var remaining = await db.Tags.Where(t => ids.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
            rows.AddRange(ids.Except(remaining).Select(id => (id, SyncEntityKind.Tag)));
        }

        db.SyncChanges.AddRange(rows.Select(r => new SyncChange { Generation = changes.Generation, EntityId = r.id, Kind = r.Item2, ChangedAt = now }));

        var last = Interlocked.Read(ref lastPurgeTicks);
        if (now.Ticks - last >= PurgeEvery.Ticks && Interlocked.CompareExchange(ref lastPurgeTicks, now.Ticks, last) == last)
        {
            var before = now - options.Value.Retention - Margin;
            await db.SyncChanges.Where(c => c.ChangedAt < before).ExecuteDeleteAsync(ct);
        }
    }
}

public static class SyncSetup
{
    /// <summary>The change log observer (after the read model, whose generation it stamps: call after registering it) and the tokens.</summary>
    public static IServiceCollection AddSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SyncOptions>().Bind(configuration.GetSection(SyncOptions.Section))
            .Validate(o => o.RetentionDays is >= 1 and <= SyncOptions.MaxRetentionDays,
                $"{SyncOptions.Section}:RetentionDays must be between 1 and {SyncOptions.MaxRetentionDays}.")
            .ValidateOnStart();
        services.AddSingleton<IContentChangeObserver, SyncLog>();
        services.TryAddSingleton<Common.Security.ServerSecrets>();
        services.AddSingleton<SyncTokens>();
        return services;
    }
}
