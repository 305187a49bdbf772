using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Search;

/// <summary>One row per matching article with its score; filters, order and paging are composed on top in LINQ.</summary>
public sealed class SearchMatch
{
    public long Id { get; set; }
    public Guid ArticleId { get; set; }
    public required string Status { get; set; }
    public Guid AuthorId { get; set; }
    public DateTime? PublishedAt { get; set; }
    public DateTime ListedAt { get; set; }
    public double Score { get; set; }
}

/// <summary>
/// The one place that speaks each engine's full-text dialect. Field weights, the same order on both engines:
/// title 10, highlights 5, excerpt 3, body 1 (SQLite, bm25 column weights) and A 1.0, B 0.4, C 0.2 (PostgreSQL,
/// ts_rank_cd over "RankVector": title, highlights and excerpt; a match in the body alone scores 0 there and ranks by
/// recency, since scoring the body's large vector costs a quarter of a millisecond a match). Scores are comparable within
/// one engine only.
/// </summary>
public static class SearchEngine
{
    /// <summary>How many indexed words a prefix may stand for on SQLite (the most frequent first).</summary>
    public const int MaxCompletions = 30;

    // The FTS table's rowid is the match's Id, so ordering by Id is the index's own order (no sort before the cap).
    // The filter columns come from their narrow covering index, which SQLite would not pick over the rowid itself: a
    // lookup in the table reads a page per match (6.8 ms → 2.8 ms for 1,000 matches at 100,000 articles).
    private const string SqliteMatches = """
        SELECT "ArticleSearchFts".rowid AS "Id", s."ArticleId", s."Status", s."AuthorId", s."PublishedAt", s."ListedAt",
               -bm25("ArticleSearchFts", 10.0, 5.0, 3.0, 1.0) AS "Score"
        FROM "ArticleSearchFts"
        JOIN "ArticleSearch" AS s INDEXED BY "IX_ArticleSearch_Filters" ON s."Id" = "ArticleSearchFts".rowid
        WHERE "ArticleSearchFts" MATCH {0}
        """;

    /// <summary>The articles (any status) that match; with <paramref name="titleOnly"/>, by their titles alone.</summary>
    public static async Task<IQueryable<SearchMatch>> MatchesAsync(CmsDbContext db, SearchQuery query, CancellationToken ct, bool titleOnly = false)
    {
        if (db.Database.IsNpgsql())
        {
            return db.Database.SqlQueryRaw<SearchMatch>(PostgresMatches(query, titleOnly, out var parameters), parameters);
        }

        var completions = query.Prefix is null ? [] : await CompletionsAsync(db, query.Prefix, MaxCompletions, ct);
        return db.Database.SqlQueryRaw<SearchMatch>(SqliteMatches, query.ToFts5(completions, titleOnly));
    }

    /// <summary>
    /// The indexed word closest in spelling to <paramref name="word"/>, or null: PostgreSQL ranks the vocabulary table by
    /// pg_trgm similarity (GIN trigram index); SQLite takes the FTS5 vocabulary's words with the same first letter and a
    /// similar length and keeps the one with the fewest edits (at most 2), the most widely used among equals.
    /// </summary>
    public static async Task<string?> ClosestWordAsync(CmsDbContext db, string word, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            return await db.Database.SqlQueryRaw<string>(
                """
                SELECT "Word" AS "Value" FROM "SearchWords"
                WHERE "Word" % {0} AND "Word" <> {0}
                ORDER BY similarity("Word", {0}) DESC, "Word"
                LIMIT 1
                """, word).FirstOrDefaultAsync(ct);
        }

        var first = word[..1];
        var candidates = await db.Database.SqlQueryRaw<VocabularyWord>(
            """
            SELECT "term" AS "Term", "doc" AS "Documents" FROM "ArticleSearchVocab"
            WHERE "term" >= {0} AND "term" < {1} AND length("term") BETWEEN {2} AND {3}
            """,
            first, first + char.ConvertFromUtf32(0x10FFFF), word.Length - 2, word.Length + 2).ToListAsync(ct);
        var limit = word.Length <= 4 ? 1 : 2;
        return candidates
            .Where(c => c.Term != word)
            .Select(c => (c.Term, c.Documents, Distance: Spelling.Distance(c.Term, word, limit)))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance).ThenByDescending(c => c.Documents).ThenBy(c => c.Term, StringComparer.Ordinal)
            .Select(c => c.Term)
            .FirstOrDefault();
    }

    /// <summary>Whether the word is in the index as it is (folded, unstemmed).</summary>
    public static Task<bool> IsIndexedAsync(CmsDbContext db, string word, CancellationToken ct) => db.Database.IsNpgsql()
        ? db.Database.SqlQueryRaw<int>("""SELECT 1 AS "Value" FROM "SearchWords" WHERE "Word" = {0}""", word).AnyAsync(ct)
        : db.Database.SqlQueryRaw<int>("""SELECT 1 AS "Value" FROM "ArticleSearchVocab" WHERE "term" = {0}""", word).AnyAsync(ct);

    public sealed class VocabularyWord
    {
        public string Term { get; set; } = "";
        public long Documents { get; set; }
    }

    /// <summary>
    /// Indexed words (unstemmed, folded) that start with <paramref name="prefix"/> (SQLite). At most
    /// <paramref name="limit"/> of them come from the plain word table at once; only a prefix of more words than that
    /// asks the FTS5 vocabulary for the most widely used, which counts the documents of every one of them.
    /// </summary>
    public static async Task<List<string>> CompletionsAsync(CmsDbContext db, string prefix, int limit, CancellationToken ct)
    {
        var end = prefix + char.ConvertFromUtf32(0x10FFFF);
        var words = await db.Database.SqlQueryRaw<string>(
            """
            SELECT "Word" AS "Value" FROM "SearchWords"
            WHERE "Word" >= {0} AND "Word" < {1}
            ORDER BY "Word"
            LIMIT {2}
            """,
            prefix, end, limit + 1).ToListAsync(ct);
        if (words.Count <= limit)
        {
            return words;
        }

        return await db.Database.SqlQueryRaw<string>(
            """
            SELECT "term" AS "Value" FROM "ArticleSearchVocab"
            WHERE "term" >= {0} AND "term" < {1}
            ORDER BY "doc" DESC, "term"
            LIMIT {2}
            """,
            prefix, end, limit).ToListAsync(ct);
    }

    private static string PostgresMatches(SearchQuery query, bool titleOnly, out object[] parameters)
    {
        // The stored vector holds each field twice: stemmed (cms_english) and as plain words (cms_simple), both
        // unaccented; the prefix matches the plain words, so "separat" finds "separation" although its stem is "separ".
        var main = query.ToTsQuery(titleOnly);
        var parts = new List<string>();
        var values = new List<object>();
        if (main.Length > 0)
        {
            values.Add(main);
            parts.Add($"to_tsquery('cms_english', {{{values.Count - 1}}})");
        }

        if (query.TsPrefix(titleOnly) is { } prefix)
        {
            values.Add(prefix.Word);
            values.Add(prefix.Prefix);
            parts.Add($"(to_tsquery('cms_english', {{{values.Count - 2}}}) || to_tsquery('cms_simple', {{{values.Count - 1}}}))");
        }

        parameters = [.. values];
        return $"""
            SELECT s."Id", s."ArticleId", s."Status", s."AuthorId", s."PublishedAt", s."ListedAt",
                   ts_rank_cd(ARRAY[0.1, 0.2, 0.4, 1.0]::float4[], s."RankVector", q.query)::float8 AS "Score"
            FROM "ArticleSearch" AS s, (SELECT {string.Join(" && ", parts)} AS query) AS q
            WHERE s."Vector" @@ q.query
            """;
    }
}

/// <summary>Edit distance for spelling suggestions.</summary>
public static class Spelling
{
    /// <summary>Levenshtein distance, or <paramref name="limit"/> + 1 as soon as it must exceed the limit.</summary>
    public static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var best = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                best = Math.Min(best, current[j]);
            }

            if (best > limit)
            {
                return limit + 1;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
