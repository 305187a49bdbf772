using System.Linq.Expressions;
using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Common.Validation;

namespace HeadlessCms.Api.Common.Persistence;

public interface IHasSlug
{
    Guid Id { get; }
    string Slug { get; }
}

public static class Lookup
{
    /// <summary>
    /// Every resource is addressable by id or by slug on the same path. Slugs are stored lowercase, so
    /// lowercasing the request makes the match case-insensitive on every engine while the index still serves it.
    /// </summary>
    public static Expression<Func<T, bool>> IdOrSlug<T>(string idOrSlug) where T : IHasSlug
    {
        if (Guid.TryParse(idOrSlug, out var id))
        {
            return x => x.Id == id;
        }

        var slug = idOrSlug.ToLowerInvariant();
        return x => x.Slug == slug;
    }

    public static IQueryable<T> WhereIdOrSlug<T>(this IQueryable<T> query, string idOrSlug) where T : IHasSlug =>
        query.Where(IdOrSlug<T>(idOrSlug));

    /// <summary>Finds a resource for reading by id or slug, or the canonical path its old slug redirects to.</summary>
    public static async Task<Found<TResponse>> FindAsync<TEntity, TResponse>(
        CmsDbContext db, string idOrSlug, Expression<Func<TEntity, TResponse>> projection, string collection, CancellationToken ct)
        where TEntity : class, IHasSlug
        where TResponse : IVersionedResponse
    {
        var found = await db.Set<TEntity>().AsNoTracking().WhereIdOrSlug(idOrSlug).Select(projection).SingleOrDefaultAsync(ct);
        if (found is not null)
        {
            return Found<TResponse>.At(found);
        }

        var movedTo = await SlugHistory.FindAsync<TEntity>(db, idOrSlug, ct);
        var slug = movedTo is null ? null : await db.Set<TEntity>().Where(x => x.Id == movedTo).Select(x => x.Slug).SingleOrDefaultAsync(ct);
        return slug is null
            ? throw new NotFoundException(typeof(TEntity).Name, idOrSlug)
            : Found<TResponse>.Moved($"/api/v1/{collection}/{slug}");
    }

    /// <summary>Loads a resource to change it, after checking the client's If-Match when one was sent.</summary>
    public static async Task<TEntity> LoadForWriteAsync<TEntity>(CmsDbContext db, string idOrSlug, IfMatch ifMatch, CancellationToken ct)
        where TEntity : class, IHasSlug, IVersioned
    {
        var entity = await db.Set<TEntity>().WhereIdOrSlug(idOrSlug).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException(typeof(TEntity).Name, idOrSlug);
        ifMatch.Verify(typeof(TEntity).Name.ToLowerInvariant(), entity.Version, required: false);
        return entity;
    }

    /// <summary>One keyset page of a resource ordered by slug (authors, tags): the cursor is the last slug served.</summary>
    public static async Task<Page<TResponse>> PageBySlugAsync<TEntity, TResponse>(
        IQueryable<TEntity> set, Expression<Func<TEntity, TResponse>> projection, Func<TResponse, string> slugOf,
        int? limit, string? cursor, CancellationToken ct)
        where TEntity : class, IHasSlug
    {
        var query = set.AsNoTracking();
        if (Cursor.TrySlug(cursor, out var after))
        {
            query = query.Where(x => x.Slug.CompareTo(after) > 0);
        }

        var size = limit ?? 20;
        var items = await query.OrderBy(x => x.Slug).Take(size + 1).Select(projection).ToListAsync(ct);
        return items.Count > size
            ? new Page<TResponse>(items[..size], Cursor.ForSlug(slugOf(items[size - 1])))
            : new Page<TResponse>(items, null);
    }
}
