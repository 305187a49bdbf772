using System.Text.Json;
using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using HeadlessCms.Api.Features.Articles;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Syndication;

/// <summary>Published articles as ninjs, newest first, a keyset page at a time (the cursor of the article lists).</summary>
public sealed record ListNinjs(int? Limit, string? Cursor) : IQuery<StoredPage>;

internal sealed class ListNinjsValidator : AbstractValidator<ListNinjs>
{
    public ListNinjsValidator()
    {
        RuleFor(x => x.Limit).PageLimit();
        RuleFor(x => x.Cursor).ValidCursor(CursorKind.Timeline);
    }
}

internal sealed class ListNinjsHandler(CmsDbContext db, NinjsMapper mapper, IOptions<JsonOptions> json) : IQueryHandler<ListNinjs, StoredPage>
{
    public async ValueTask<StoredPage> Handle(ListNinjs query, CancellationToken ct)
    {
        var limit = query.Limit ?? ListArticlesHandler.DefaultLimit;
        var documents = db.ArticleDocuments.AsNoTracking();
        if (Cursor.TryTimeline(query.Cursor, out var at, out var lastId))
        {
            documents = documents.Where(d => d.ListedAt < at || (d.ListedAt == at && d.ArticleId.CompareTo(lastId) < 0));
        }

        var rows = await documents.OrderByDescending(d => d.ListedAt).ThenByDescending(d => d.ArticleId)
            .Take(limit + 1).Select(d => new { d.ListedAt, d.ArticleId, d.Json }).ToListAsync(ct);
        var next = rows.Count > limit ? Cursor.ForTimeline(rows[limit - 1].ListedAt, rows[limit - 1].ArticleId) : null;
        var items = rows.Take(limit).Select(r => mapper.Serialize(JsonSerializer.Deserialize<ArticleResponse>(r.Json, json.Value.SerializerOptions)!));
        return Paging.Compose(items, next, "articles ninjs");
    }
}
