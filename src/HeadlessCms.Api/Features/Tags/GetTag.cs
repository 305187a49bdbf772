using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Tags;

public sealed record GetTag(string IdOrSlug) : IQuery<TagResponse>;

internal sealed class GetTagHandler(CmsDbContext db) : IQueryHandler<GetTag, TagResponse>
{
    public async ValueTask<TagResponse> Handle(GetTag query, CancellationToken ct) =>
        await db.Tags.AsNoTracking().WhereIdOrSlug(query.IdOrSlug).Select(Tags.Projection(db)).SingleOrDefaultAsync(ct)
        ?? throw new NotFoundException("Tag", query.IdOrSlug);
}
