using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Common.Validation;

namespace HeadlessCms.Api.Common.Persistence;

/// <summary>
/// Slugs that never break: when a slug changes, the old one keeps redirecting to the resource. An old slug stays
/// reserved for it until an editor releases it (DELETE /api/v1/redirects/{type}/{slug}); only then can another
/// resource take it. Taking back one's own old slug simply removes the redirect, so a redirect never loops.
/// </summary>
public static class SlugHistory
{
    public static string TypeOf<T>() => typeof(T).Name.ToLowerInvariant();

    public static async Task EnsureNotReservedAsync<T>(CmsDbContext db, string slug, Guid? ownerId, CancellationToken ct)
    {
        var type = TypeOf<T>();
        var holder = await db.SlugRedirects.AsNoTracking()
            .Where(r => r.ResourceType == type && r.Slug == slug)
            .Select(r => (Guid?)r.TargetId)
            .SingleOrDefaultAsync(ct);
        if (holder is not null && holder != ownerId)
        {
            throw new ConflictException(
                $"The slug '{slug}' is an old address of another {type} and still redirects there. " +
                $"Release it first with DELETE /api/v1/redirects/{type}/{slug}.");
        }
    }

    /// <summary>Moves a resource to a new slug, keeping the old one as a redirect. A slug in use is a 409.</summary>
    public static async Task ChangeSlugAsync<T>(CmsDbContext db, T entity, string newSlug, Action<string> setSlug, DateTime now, CancellationToken ct)
        where T : class, IHasSlug
    {
        var oldSlug = entity.Slug;
        if (newSlug == oldSlug)
        {
            return;
        }

        if (await db.Set<T>().AnyAsync(x => x.Slug == newSlug, ct))
        {
            throw new ConflictException($"The slug '{newSlug}' is already in use.");
        }

        await EnsureNotReservedAsync<T>(db, newSlug, entity.Id, ct);
        var type = TypeOf<T>();
        var comingBack = await db.SlugRedirects.SingleOrDefaultAsync(r => r.ResourceType == type && r.Slug == newSlug, ct);
        if (comingBack is not null)
        {
            db.SlugRedirects.Remove(comingBack);
        }

        db.SlugRedirects.Add(new SlugRedirect { ResourceType = type, Slug = oldSlug, TargetId = entity.Id, CreatedAt = now });
        setSlug(newSlug);
    }

    /// <summary>The id an old slug leads to, if any.</summary>
    public static Task<Guid?> FindAsync<T>(CmsDbContext db, string slug, CancellationToken ct)
    {
        var type = TypeOf<T>();
        var lower = slug.ToLowerInvariant();
        return db.SlugRedirects.AsNoTracking()
            .Where(r => r.ResourceType == type && r.Slug == lower)
            .Select(r => (Guid?)r.TargetId)
            .SingleOrDefaultAsync(ct);
    }

    public static Task RemoveForAsync(CmsDbContext db, Guid targetId, CancellationToken ct) =>
        db.SlugRedirects.Where(r => r.TargetId == targetId).ExecuteDeleteAsync(ct);
}
