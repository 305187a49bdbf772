using System.Data.Common;
using HeadlessCms.Api.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Common.Validation;

namespace HeadlessCms.Api.Common.Persistence;

public static class UniqueViolation
{
    /// <summary>Enough for a burst of parallel creates with one title: each attempt loses only to a create that succeeded.</summary>
    private const int MaxAttempts = 50;

    /// <summary>A unique index said no, on either engine: SQLite's extended codes or PostgreSQL's SQLSTATE 23505.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        DbException other => other.SqlState == "23505",
        _ => false,
    };

    /// <summary>The first free slug of base, base-2, base-3, ...</summary>
    public static async Task<string> FreeSlugAsync<T>(CmsDbContext db, string baseSlug, CancellationToken ct)
        where T : class, IHasSlug
    {
        var set = db.Set<T>().AsNoTracking();
        var prefix = Slugs.SuffixStem(baseSlug) + "-";
        var taken = (await set.Where(x => x.Slug == baseSlug || x.Slug.StartsWith(prefix)).Select(x => x.Slug).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);

        // Old slugs that still redirect are taken too: a new resource must not hijack a published address.
        var type = SlugHistory.TypeOf<T>();
        taken.UnionWith(await db.SlugRedirects.AsNoTracking()
            .Where(r => r.ResourceType == type && (r.Slug == baseSlug || r.Slug.StartsWith(prefix)))
            .Select(r => r.Slug)
            .ToListAsync(ct));
        var candidate = baseSlug;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = Slugs.WithSuffix(baseSlug, n);
        }

        return candidate;
    }

    /// <summary>
    /// Saves a new resource. An explicit slug that is taken is a 409. A slug we generated is ours to
    /// change: when a parallel request took it first, we move on to the next free one.
    /// </summary>
    public static async Task SaveNewAsync<T>(
        CmsDbContext db, T entity, string? requestedSlug, string source, Action<T, string> setSlug, CancellationToken ct)
        where T : class, IHasSlug
    {
        if (requestedSlug is not null)
        {
            if (await db.Set<T>().AnyAsync(x => x.Slug == requestedSlug, ct))
            {
                throw new ConflictException($"The slug '{requestedSlug}' is already in use.");
            }

            await SlugHistory.EnsureNotReservedAsync<T>(db, requestedSlug, null, ct);

            setSlug(entity, requestedSlug);
            await db.SaveChangesAsync(ct);
            return;
        }

        var baseSlug = Slugs.FromText(source);
        if (baseSlug.Length == 0)
        {
            throw ValidationRules.Field("slug", "No slug can be made from the title; give one explicitly.");
        }

        for (var attempt = 1; ; attempt++)
        {
            setSlug(entity, await FreeSlugAsync<T>(db, baseSlug, ct));
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts && IsUniqueViolation(e))
            {
                // Another request won this slug between our check and our insert; try the next one.
            }
        }
    }
}

public static class ForeignKeyViolation
{
    /// <summary>A row referred to a parent that is gone (deleted by a parallel request): SQLite's code or SQLSTATE 23503.</summary>
    public static bool Is(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode == 787,
        DbException other => other.SqlState == "23503",
        _ => false,
    };
}
