using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Authors;

public sealed record GetAuthor(string IdOrSlug) : IQuery<AuthorResponse>;

internal sealed class GetAuthorHandler(CmsDbContext db) : IQueryHandler<GetAuthor, AuthorResponse>
{
    public async ValueTask<AuthorResponse> Handle(GetAuthor query, CancellationToken ct) =>
        await db.Authors.AsNoTracking().WhereIdOrSlug(query.IdOrSlug).Select(Authors.Projection(db)).SingleOrDefaultAsync(ct)
        ?? throw new NotFoundException("Author", query.IdOrSlug);
}
