using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Search;

/// <summary>
/// Keeps the searchable text of articles (<see cref="ArticleSearchEntry"/>) in step with the articles, inside the
/// write's transaction: the engine's full-text index follows the rows (SQLite triggers, a PostgreSQL generated column),
/// so a search right after a write sees it. Authors and tags are not searched as text, so their renames need nothing
/// here (the hits' JSON comes from the read model, which those renames refresh).
/// </summary>
public static class SearchIndex
{
    private const int Batch = 500;

    public static async Task RefreshAsync(CmsDbContext db, Guid[] ids, CancellationToken ct)
    {
        await db.ArticleSearch.Where(s => ids.Contains(s.ArticleId)).ExecuteDeleteAsync(ct);
        foreach (var stale in db.ChangeTracker.Entries<ArticleSearchEntry>().Where(e => ids.Contains(e.Entity.ArticleId)).ToList())
        {
            stale.State = EntityState.Detached;
        }

        var articles = await db.Articles.AsNoTracking()
            .Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Status, a.AuthorId, a.PublishedAt, a.ListedAt, a.Title, a.Highlights, a.Excerpt, a.Body })
            .ToListAsync(ct);
        var entries = articles.Select(a => new ArticleSearchEntry
        {
            ArticleId = a.Id,
            Status = a.Status,
            AuthorId = a.AuthorId,
            PublishedAt = a.PublishedAt,
            ListedAt = a.ListedAt,
            Title = a.Title,
            Highlights = string.Join('\n', a.Highlights),
            Excerpt = a.Excerpt ?? "",
            Body = MarkdownRenderer.ToPlainText(a.Body),
        }).ToList();
        db.ArticleSearch.AddRange(entries);
        if (db.Database.IsSqlite())
        {
            await AddWordsAsync(db, entries, ct);
        }
    }

    /// <summary>SQLite: the entries' words into "SearchWords", from which a query's last word is completed (PostgreSQL: a trigger).</summary>
    private static async Task AddWordsAsync(CmsDbContext db, List<ArticleSearchEntry> entries, CancellationToken ct)
    {
        var words = entries
            .SelectMany(e => new[] { e.Title, e.Highlights, e.Excerpt, e.Body })
            .SelectMany(text => SearchQuery.Words(text))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var chunk in words.Chunk(Batch))
        {
            // Only placeholders go into the text; the words are parameters.
            var sql = """INSERT OR IGNORE INTO "SearchWords" ("Word") VALUES """ + string.Join(", ", chunk.Select((_, i) => $"({{{i}}})"));
            await db.Database.ExecuteSqlRawAsync(sql, chunk.Cast<object>(), ct);
        }
    }

    /// <summary>Re-indexes every article: after a restore or an import that bypassed the API, with the read model.</summary>
    public static async Task RebuildAsync(CmsDbContext db, CancellationToken ct)
    {
        await db.ArticleSearch.ExecuteDeleteAsync(ct);

        // The vocabulary only ever grows while articles change; a rebuild forgets words no article uses.
        await db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql() ? """TRUNCATE "SearchWords" """ : """DELETE FROM "SearchWords" """, ct);

        // Oldest first, so the index's own order (which a search's cap on ranked matches follows) is the articles' order.
        var ids = await db.Articles.OrderBy(a => a.ListedAt).ThenBy(a => a.Id).Select(a => a.Id).ToListAsync(ct);
        foreach (var chunk in ids.Chunk(Batch))
        {
            await RefreshAsync(db, chunk, ct);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }
}
