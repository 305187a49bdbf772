using System.Data.Common;
using HeadlessCms.Api.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Common;

public static class UniqueViolation
{
    /// <summary>A unique index said no, on either engine: SQLite's extended codes or PostgreSQL's SQLSTATE 23505.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        DbException other => other.SqlState == "23505",
        _ => false,
    };

    /// <summary>The first free slug of base, base-2, base-3, ...</summary>
    public static async Task<string> FreeSlugAsync<T>(IQueryable<T> set, string baseSlug, CancellationToken ct)
        where T : IHasSlug
    {
        var prefix = Slugs.SuffixStem(baseSlug) + "-";
        var taken = (await set.Where(x => x.Slug == baseSlug || x.Slug.StartsWith(prefix)).Select(x => x.Slug).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
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
        var set = db.Set<T>().AsNoTracking();
        if (requestedSlug is not null)
        {
            if (await set.AnyAsync(x => x.Slug == requestedSlug, ct))
            {
                throw new ConflictException($"The slug '{requestedSlug}' is already in use.");
            }

            setSlug(entity, requestedSlug);
            await db.SaveChangesAsync(ct);
            return;
        }

        var baseSlug = Slugs.FromText(source);
        if (baseSlug.Length == 0)
        {
            throw Validation.Field("slug", "No slug can be made from the title; give one explicitly.");
        }

        for (var attempt = 1; ; attempt++)
        {
            setSlug(entity, await FreeSlugAsync(set, baseSlug, ct));
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException e) when (attempt < 10 && IsUniqueViolation(e))
            {
                // Another request won this slug between our check and our insert; try the next one.
            }
        }
    }
}
