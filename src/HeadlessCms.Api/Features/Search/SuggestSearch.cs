using FluentValidation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Search;

/// <summary>
/// For the search box while a reader types: published articles whose titles complete the text (the last word as a
/// prefix), tags whose names do, and, when the text finds no published article, a "did you mean" with each word that
/// is not in the index replaced by the closest indexed word.
/// </summary>
public sealed record SuggestSearch(string? Q, int? Limit) : IQuery<SearchSuggestions>;

public sealed record SearchSuggestions(IReadOnlyList<Completion> Completions, string? DidYouMean);

/// <summary>One completion: <c>kind</c> is "article" or "tag"; <c>slug</c> addresses it.</summary>
public sealed record Completion(string Kind, string Text, string Slug);

internal sealed class SuggestSearchValidator : AbstractValidator<SuggestSearch>
{
    public SuggestSearchValidator()
    {
        RuleFor(x => x.Q).SearchText();
        RuleFor(x => x.Limit).InclusiveBetween(1, 10);
    }
}

internal sealed class SuggestSearchHandler(CmsDbContext db) : IQueryHandler<SuggestSearch, SearchSuggestions>
{
    public const int DefaultLimit = 5;

    public async ValueTask<SearchSuggestions> Handle(SuggestSearch request, CancellationToken ct)
    {
        var query = SearchQuery.Parse(request.Q!, out _)!;
        var limit = request.Limit ?? DefaultLimit;

        var order = await (await SearchEngine.MatchesAsync(db, query, ct, titleOnly: true))
            .Where(h => h.Status == "published")
            .OrderByDescending(h => h.Score).ThenByDescending(h => h.ListedAt).ThenByDescending(h => h.ArticleId)
            .Select(h => h.ArticleId)
            .Take(limit)
            .ToListAsync(ct);
        var articles = await db.ArticleDocuments.Where(d => order.Contains(d.ArticleId))
            .Join(db.ArticleSearch, d => d.ArticleId, s => s.ArticleId, (d, s) => new { d.ArticleId, s.Title, d.Slug })
            .ToDictionaryAsync(a => a.ArticleId, ct);

        // Tags are few: their names are matched here, folded like the index folds words.
        var words = query.PositiveWords.ToArray();
        var tags = (await db.Tags.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Name, t.Slug }).ToListAsync(ct))
            .Where(t => CompletesTag(SearchQuery.Words(t.Name), words, query.Prefix))
            .Take(limit)
            .Select(t => new Completion("tag", t.Name, t.Slug));

        var completions = order.Where(articles.ContainsKey)
            .Select(id => new Completion("article", articles[id].Title, articles[id].Slug))
            .Concat(tags)
            .ToList();

        var found = order.Count > 0 || await (await SearchEngine.MatchesAsync(db, query, ct)).AnyAsync(h => h.Status == "published", ct);
        return new SearchSuggestions(completions, found ? null : await DidYouMeanAsync(request.Q!, ct));
    }

    /// <summary>Every searched word is a word of the tag's name (the prefix: the start of one).</summary>
    private static bool CompletesTag(string[] name, string[] words, string? prefix) =>
        words.All(w => w == prefix ? name.Any(n => n.StartsWith(w, StringComparison.Ordinal)) : name.Contains(w));

    /// <summary>The text with each unknown word replaced by its closest indexed word; null when none could be.</summary>
    private async Task<string?> DidYouMeanAsync(string text, CancellationToken ct)
    {
        var words = SearchQuery.Words(text);
        var changed = false;
        var corrected = new List<string>(words.Length);
        foreach (var word in words.Take(SearchQuery.MaxTerms))
        {
            if (word.Length >= 3 && !word.Any(char.IsDigit) && !await SearchEngine.IsIndexedAsync(db, word, ct)
                && await SearchEngine.ClosestWordAsync(db, word, ct) is { } closest)
            {
                corrected.Add(closest);
                changed = true;
            }
            else
            {
                corrected.Add(word);
            }
        }

        return changed ? string.Join(' ', corrected) : null;
    }
}
