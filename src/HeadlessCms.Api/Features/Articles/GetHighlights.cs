using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>The article's highlights, in order, as a plain JSON array.</summary>
public sealed record GetHighlights(string IdOrSlug, Caller Caller) : IQuery<IReadOnlyList<string>>;

internal sealed class GetHighlightsHandler(CmsDbContext db) : IQueryHandler<GetHighlights, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(GetHighlights query, CancellationToken ct)
    {
        var found = await db.Articles.AsNoTracking().WhereIdOrSlug(query.IdOrSlug).VisibleTo(query.Caller).Select(a => new { a.Highlights }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Article", query.IdOrSlug);
        return found.Highlights;
    }
}
