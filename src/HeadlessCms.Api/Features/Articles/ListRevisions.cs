using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Validation;
using FluentValidation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

public sealed record RevisionSummary(int Number, DateTime CreatedAt, string? KeyName, IReadOnlyList<string> ChangedFields);

public sealed record RevisionResponse(int Number, DateTime CreatedAt, string? KeyName, IReadOnlyList<string> ChangedFields, ArticleSnapshot Content);

/// <summary>An article's revisions, newest first, each with the fields it changed; paged like every list.</summary>
public sealed record ListRevisions(string IdOrSlug, int? Limit, string? Cursor) : IQuery<Page<RevisionSummary>>;

internal sealed class ListRevisionsValidator : AbstractValidator<ListRevisions>
{
    public ListRevisionsValidator()
    {
        RuleFor(x => x.Limit).PageLimit();
        RuleFor(x => x.Cursor).ValidCursor(CursorKind.Number);
    }
}

internal sealed class ListRevisionsHandler(CmsDbContext db) : IQueryHandler<ListRevisions, Page<RevisionSummary>>
{
    public async ValueTask<Page<RevisionSummary>> Handle(ListRevisions query, CancellationToken ct)
    {
        var articleId = await db.Articles.WhereIdOrSlug(query.IdOrSlug).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Article", query.IdOrSlug);
        var revisions = db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == articleId);
        if (Cursor.TryNumber(query.Cursor, out var last))
        {
            revisions = revisions.Where(r => r.Number < last);
        }

        var limit = query.Limit ?? 20;
        var items = await revisions
            .OrderByDescending(r => r.Number)
            .Take(limit + 1)
            .Select(r => new RevisionSummary(r.Number, r.CreatedAt, r.KeyName, r.ChangedFields))
            .ToListAsync(ct);
        return items.Count > limit
            ? new Page<RevisionSummary>(items[..limit], Cursor.ForNumber(items[limit - 1].Number))
            : new Page<RevisionSummary>(items, null);
    }
}

/// <summary>One revision with the full content as it was after that change.</summary>
public sealed record GetRevision(string IdOrSlug, int Number) : IQuery<RevisionResponse>;

internal sealed class GetRevisionHandler(CmsDbContext db) : IQueryHandler<GetRevision, RevisionResponse>
{
    public async ValueTask<RevisionResponse> Handle(GetRevision query, CancellationToken ct)
    {
        var revision = await db.ArticleRevisions.AsNoTracking()
            .Where(r => r.Number == query.Number && db.Articles.Where(Lookup.IdOrSlug<Article>(query.IdOrSlug)).Any(a => a.Id == r.ArticleId))
            .SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Revision", $"{query.IdOrSlug}/{query.Number}");
        return new RevisionResponse(revision.Number, revision.CreatedAt, revision.KeyName, revision.ChangedFields,
            ArticleHistory.Parse(revision.Snapshot));
    }
}
