using FluentValidation;
using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

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
    public async ValueTask<Page<TagResponse>> Handle(ListTags query, CancellationToken ct)
    {
        var tags = db.Tags.AsNoTracking();
        if (Cursor.TrySlug(query.Cursor, out var after))
        {
            tags = tags.Where(a => a.Slug.CompareTo(after) > 0);
        }

        var limit = query.Limit ?? 20;
        var items = await tags.OrderBy(a => a.Slug).Take(limit + 1).Select(Tags.Projection(db)).ToListAsync(ct);
        return items.Count > limit
            ? new Page<TagResponse>(items[..limit], Cursor.ForSlug(items[limit - 1].Slug))
            : new Page<TagResponse>(items, null);
    }
}
