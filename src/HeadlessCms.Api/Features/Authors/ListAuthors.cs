using FluentValidation;
using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

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
    public async ValueTask<Page<AuthorResponse>> Handle(ListAuthors query, CancellationToken ct)
    {
        var authors = db.Authors.AsNoTracking();
        if (Cursor.TrySlug(query.Cursor, out var after))
        {
            authors = authors.Where(a => a.Slug.CompareTo(after) > 0);
        }

        var limit = query.Limit ?? 20;
        var items = await authors.OrderBy(a => a.Slug).Take(limit + 1).Select(Authors.Projection(db)).ToListAsync(ct);
        return items.Count > limit
            ? new Page<AuthorResponse>(items[..limit], Cursor.ForSlug(items[limit - 1].Slug))
            : new Page<AuthorResponse>(items, null);
    }
}
