using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;

namespace HeadlessCms.Api.Features.Authors;

/// <summary>Authors by slug, a keyset page at a time.</summary>
public sealed record ListAuthors(int? Limit, string? Cursor) : IQuery<Page<AuthorResponse>>;

internal sealed class ListAuthorsValidator : AbstractValidator<ListAuthors>
{
    public ListAuthorsValidator()
    {
        RuleFor(x => x.Limit).PageLimit();
        RuleFor(x => x.Cursor).ValidCursor(CursorKind.Slug);
    }
}

internal sealed class ListAuthorsHandler(CmsDbContext db) : IQueryHandler<ListAuthors, Page<AuthorResponse>>
{
    public async ValueTask<Page<AuthorResponse>> Handle(ListAuthors query, CancellationToken ct) =>
        await Lookup.PageBySlugAsync(db.Authors, Authors.Projection(db), x => x.Slug, query.Limit, query.Cursor, ct);
}
