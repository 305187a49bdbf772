using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using HeadlessCms.Api.Features.Articles;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Syndication;

/// <summary>
/// One page of a partner's sync (Contentful's Sync API, for articles): <c>initial=true</c> pages through every published
/// article, a <c>syncToken</c> through what changed since it was issued (each item once, in its latest state, in commit
/// order), a <c>pageToken</c> continues either. The last page carries the next sync token.
/// </summary>
public sealed record GetSync(bool? Initial, string? SyncToken, string? PageToken, int? Limit) : IQuery<StoredPage>;

internal sealed class GetSyncValidator : AbstractValidator<GetSync>
{
    public GetSyncValidator(SyncTokens tokens)
    {
        RuleFor(x => x.Limit).PageLimit();
        RuleFor(x => x.Initial)
            .Must((query, initial) => (initial == true ? 1 : 0) + (query.SyncToken is null ? 0 : 1) + (query.PageToken is null ? 0 : 1) == 1)
            .WithMessage("Give exactly one of initial=true (a full sync), syncToken (the nextSyncToken of your last sync) or pageToken (a nextPageToken).");
        RuleFor(x => x.SyncToken).MaximumLength(SyncTokens.MaxLength)
            .MustAsync(async (token, ct) => token is null || await tokens.ReadAsync(token, ct) is { Kind: SyncTokenKind.Sync })
            .WithMessage("The sync token is malformed or was not issued by this API; use the nextSyncToken of your last sync, or start again with initial=true.");
        RuleFor(x => x.PageToken).MaximumLength(SyncTokens.MaxLength)
            .MustAsync(async (token, ct) => token is null || await tokens.ReadAsync(token, ct) is { Kind: not SyncTokenKind.Sync })
            .WithMessage("The page token is malformed or was not issued by this API; use the nextPageToken of the previous page.");
    }
}

/// <summary>410: the token is older than the change log keeps changes; only a new full sync can bring the copy up to date.</summary>
public sealed class SyncTokenExpiredException(int retentionDays)
    : ProblemException(StatusCodes.Status410Gone, "Gone",
        $"This sync token is older than the {retentionDays} days changes are kept. Start a new initial sync (GET /api/v1/sync?initial=true) and replace your copy with it.");

internal sealed class GetSyncHandler(CmsDbContext db, SyncTokens tokens, TimeProvider clock, IOptions<SyncOptions> options)
    : IQueryHandler<GetSync, StoredPage>
{
    public const int DefaultLimit = 100;

    public async ValueTask<StoredPage> Handle(GetSync query, CancellationToken ct)
    {
        var limit = query.Limit ?? DefaultLimit;
        var now = clock.GetUtcNow().UtcDateTime;
        SyncPosition position;
        if (query.Initial == true)
        {
            // The generation is read before the articles: whatever commits after it comes again in the first delta.
            position = new SyncPosition(SyncTokenKind.InitialPage, 0, await CurrentGenerationAsync(ct), 0, Guid.Empty, now);
        }
        else
        {
            position = await tokens.ReadAsync(query.SyncToken ?? query.PageToken, ct)
                ?? throw new InvalidOperationException("The validator lets only this API's tokens through.");
            if (now - position.IssuedAt > options.Value.Retention)
            {
                throw new SyncTokenExpiredException(options.Value.RetentionDays);
            }

            if (position.Kind == SyncTokenKind.Sync)
            {
                position = position with { Kind = SyncTokenKind.DeltaPage, To = await CurrentGenerationAsync(ct) };
            }
        }

        var page = position.Kind == SyncTokenKind.InitialPage
            ? await InitialPageAsync(position, limit, ct)
            : await DeltaPageAsync(position, limit, ct);
        var nextPage = page.Next is null ? null : await tokens.WriteAsync(page.Next, ct);
        var nextSync = page.Next is null ? await tokens.WriteAsync(new SyncPosition(SyncTokenKind.Sync, position.To, 0, 0, Guid.Empty, now), ct) : null;
        return new StoredPage(SyncPageWriter.Write(page.Items, nextPage, nextSync), nextPage, "articles");
    }

    private Task<long> CurrentGenerationAsync(CancellationToken ct) =>
        db.ContentStates.AsNoTracking().Where(s => s.Id == 1).Select(s => s.Generation).SingleAsync(ct);

    private async Task<(List<SyncPageWriter.Item> Items, SyncPosition? Next)> InitialPageAsync(SyncPosition position, int limit, CancellationToken ct)
    {
        var documents = db.ArticleDocuments.AsNoTracking();
        if (position.AfterId != Guid.Empty)
        {
            var after = position.AfterId;
            documents = documents.Where(d => d.ArticleId.CompareTo(after) > 0);
        }

        var rows = await documents.OrderBy(d => d.ArticleId).Take(limit + 1).Select(d => new { d.ArticleId, d.Json }).ToListAsync(ct);
        var items = rows.Take(limit).Select(r => new SyncPageWriter.Item(SyncPageWriter.Article, r.ArticleId, r.Json)).ToList();
        return (items, rows.Count > limit ? position with { AfterId = rows[limit - 1].ArticleId } : null);
    }

    private async Task<(List<SyncPageWriter.Item> Items, SyncPosition? Next)> DeltaPageAsync(SyncPosition position, int limit, CancellationToken ct)
    {
        var (from, to, afterGeneration, afterId) = (position.From, position.To, position.AfterGeneration, position.AfterId);

        // Each entity once, at its latest change in the range; the range is closed (every write in it has committed), so
        // paging through it is stable.
        var rows = await db.SyncChanges.AsNoTracking()
            .Where(c => c.Generation > from && c.Generation <= to)
            .GroupBy(c => new { c.EntityId, c.Kind })
            .Select(g => new { g.Key.EntityId, g.Key.Kind, Generation = g.Max(c => c.Generation) })
            .Where(r => r.Generation > afterGeneration || (r.Generation == afterGeneration && r.EntityId.CompareTo(afterId) > 0))
            .OrderBy(r => r.Generation).ThenBy(r => r.EntityId)
            .Take(limit + 1)
            .ToListAsync(ct);
        var shown = rows.Take(limit).ToList();

        // The current state, read now: anything that changed since has a later row and comes again in the next delta.
        var articleIds = shown.Where(r => r.Kind == SyncEntityKind.Article).Select(r => r.EntityId).ToList();
        var documents = await db.ArticleDocuments.AsNoTracking().Where(d => articleIds.Contains(d.ArticleId))
            .Select(d => new { d.ArticleId, d.Json }).ToDictionaryAsync(d => d.ArticleId, d => d.Json, ct);
        var items = shown.Select(r => r.Kind switch
        {
            SyncEntityKind.Article when documents.TryGetValue(r.EntityId, out var json) => new SyncPageWriter.Item(SyncPageWriter.Article, r.EntityId, json),
            SyncEntityKind.Article => new SyncPageWriter.Item(SyncPageWriter.DeletedArticle, r.EntityId, null),
            SyncEntityKind.Author => new SyncPageWriter.Item(SyncPageWriter.DeletedAuthor, r.EntityId, null),
            _ => new SyncPageWriter.Item(SyncPageWriter.DeletedTag, r.EntityId, null),
        }).ToList();
        var last = rows.Count > limit ? shown[^1] : null;
        return (items, last is null ? null : position with { AfterGeneration = last.Generation, AfterId = last.EntityId });
    }
}

/// <summary>Writes a sync page around the stored article documents, without parsing them.</summary>
internal static class SyncPageWriter
{
    public const string Article = "article";
    public const string DeletedArticle = "deletedArticle";
    public const string DeletedAuthor = "deletedAuthor";
    public const string DeletedTag = "deletedTag";

    public sealed record Item(string Type, Guid Id, byte[]? Json);

    public static ReadOnlyMemory<byte> Write(IEnumerable<Item> items, string? nextPageToken, string? nextSyncToken)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var item in items)
            {
                writer.WriteStartObject();
                writer.WriteString("type", item.Type);
                writer.WriteString("id", item.Id);
                if (item.Json is { } json)
                {
                    writer.WritePropertyName("article");
                    writer.WriteRawValue(json, skipInputValidation: true);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("nextPageToken", nextPageToken);
            writer.WriteString("nextSyncToken", nextSyncToken);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}

/// <summary>The page shape, for the OpenAPI document.</summary>
public sealed record SyncPage(IReadOnlyList<SyncItem> Items, string? NextPageToken, string? NextSyncToken);

/// <summary>
/// One entry of a sync page. <c>article</c>: created or changed, with the article's current JSON; <c>deletedArticle</c>:
/// unpublished or deleted; <c>deletedAuthor</c>, <c>deletedTag</c>: deleted (their articles come as changed articles).
/// </summary>
public sealed record SyncItem(SyncItemType Type, Guid Id, ArticleResponse? Article);

public enum SyncItemType
{
    Article,
    DeletedArticle,
    DeletedAuthor,
    DeletedTag,
}
