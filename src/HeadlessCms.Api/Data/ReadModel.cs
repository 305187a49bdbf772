using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Features.Articles;

namespace HeadlessCms.Api.Data;

/// <summary>Entry point for tools (seeding, imports) that write rows directly and need the read model rebuilt.</summary>
public static class ReadModel
{
    public static Task RebuildAsync(CmsDbContext db, CancellationToken ct) => new ArticleDocuments(JsonSetup.Create()).RebuildAsync(db, ct);
}
