using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;

namespace HeadlessCms.Api.Features.Tags;

/// <summary>Tags by slug, a keyset page at a time.</summary>
public sealed record ListTags(int? Limit, string? Cursor) : IQuery<Page<TagResponse>>;

internal sealed class ListTagsValidator : AbstractValidator<ListTags>
{
    public ListTagsValidator()
    {
        RuleFor(x => x.Limit).PageLimit();
        RuleFor(x => x.Cursor).ValidCursor(CursorKind.Slug);
    }
}

internal sealed class ListTagsHandler(CmsDbContext db) : IQueryHandler<ListTags, Page<TagResponse>>
{
    public async ValueTask<Page<TagResponse>> Handle(ListTags query, CancellationToken ct) =>
        await Lookup.PageBySlugAsync(db.Tags, Tags.Projection(db), x => x.Slug, query.Limit, query.Cursor, ct);
}
