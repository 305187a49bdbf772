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
    /// <summary>Every resource is addressable by id or by slug on the same path.</summary>
    public static Expression<Func<T, bool>> IdOrSlug<T>(string idOrSlug) where T : IHasSlug =>
        Guid.TryParse(idOrSlug, out var id)
            ? x => x.Id == id
            : x => x.Slug == idOrSlug;

    public static IQueryable<T> WhereIdOrSlug<T>(this IQueryable<T> query, string idOrSlug) where T : IHasSlug =>
        query.Where(IdOrSlug<T>(idOrSlug));
}
