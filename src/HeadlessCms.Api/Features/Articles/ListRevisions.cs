using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

public sealed record RevisionSummary(int Number, DateTime CreatedAt, string? KeyName, IReadOnlyList<string> ChangedFields);

public sealed record RevisionResponse(int Number, DateTime CreatedAt, string? KeyName, IReadOnlyList<string> ChangedFields, ArticleSnapshot Content);

/// <summary>An article's revisions, newest first, each with the fields it changed.</summary>
public sealed record ListRevisions(string IdOrSlug) : IQuery<IReadOnlyList<RevisionSummary>>;

internal sealed class ListRevisionsHandler(CmsDbContext db) : IQueryHandler<ListRevisions, IReadOnlyList<RevisionSummary>>
{
    public async ValueTask<IReadOnlyList<RevisionSummary>> Handle(ListRevisions query, CancellationToken ct)
    {
        var articleId = await db.Articles.WhereIdOrSlug(query.IdOrSlug).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Article", query.IdOrSlug);
        return await db.ArticleRevisions.AsNoTracking()
            .Where(r => r.ArticleId == articleId)
            .OrderByDescending(r => r.Number)
            .Select(r => new RevisionSummary(r.Number, r.CreatedAt, r.KeyName, r.ChangedFields))
            .ToListAsync(ct);
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
