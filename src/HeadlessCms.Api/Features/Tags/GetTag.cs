using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Data;
using Mediator;

namespace HeadlessCms.Api.Features.Tags;

/// <summary>One tag by id or slug; an old slug answers with a redirect.</summary>
public sealed record GetTag(string IdOrSlug) : IQuery<Found<TagResponse>>;

internal sealed class GetTagHandler(CmsDbContext db) : IQueryHandler<GetTag, Found<TagResponse>>
{
    public async ValueTask<Found<TagResponse>> Handle(GetTag query, CancellationToken ct) =>
        await Lookup.FindAsync(db, query.IdOrSlug, Tags.Projection(db), "tags", ct);
}
