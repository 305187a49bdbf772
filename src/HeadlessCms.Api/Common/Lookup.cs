using System.Linq.Expressions;
using HeadlessCms.Api.Data;

namespace HeadlessCms.Api.Common;

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
}
