using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>The article's highlights, in order, with the article's version for ETags.</summary>
public sealed record HighlightList(IReadOnlyList<string> Items, int Version);

/// <summary>The article's highlights, in order, as a plain JSON array.</summary>
public sealed record GetHighlights(string IdOrSlug, Caller Caller) : IQuery<HighlightList>;

internal sealed class GetHighlightsHandler(CmsDbContext db) : IQueryHandler<GetHighlights, HighlightList>
{
    public async ValueTask<HighlightList> Handle(GetHighlights query, CancellationToken ct)
    {
        var found = await db.Articles.AsNoTracking().WhereIdOrSlug(query.IdOrSlug).VisibleTo(query.Caller).Select(a => new HighlightList(a.Highlights, a.Version)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Article", query.IdOrSlug);
        return found;
    }
}
