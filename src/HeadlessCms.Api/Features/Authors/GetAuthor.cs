using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Data;
using Mediator;

namespace HeadlessCms.Api.Features.Authors;

/// <summary>One author by id or slug; an old slug answers with a redirect.</summary>
public sealed record GetAuthor(string IdOrSlug) : IQuery<Found<AuthorResponse>>;

internal sealed class GetAuthorHandler(CmsDbContext db) : IQueryHandler<GetAuthor, Found<AuthorResponse>>
{
    public async ValueTask<Found<AuthorResponse>> Handle(GetAuthor query, CancellationToken ct) =>
        await Lookup.FindAsync(db, query.IdOrSlug, Authors.Projection(db), "authors", ct);
}
