namespace HeadlessCms.Api.Features.Search;

/// <summary>Cms:Search: how much work one search may do.</summary>
public sealed class SearchOptions
{
    public const string Section = "Cms:Search";
    public const int Min = 10;
    public const int Max = 100_000;

    /// <summary>
    /// How many matches a search ranks: the most recently indexed (written or changed) articles that match, after the
    /// filters. A word found in most of a large archive would otherwise make every search score the whole archive;
    /// with the cap one search costs about the same however common its words are. Filters (tag, author, dates) narrow
    /// before the cap, so older articles stay reachable.
    /// </summary>
    public int RankedMatches { get; set; } = 1000;
}

public static class SearchSetup
{
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SearchOptions>().Bind(configuration.GetSection(SearchOptions.Section))
            .Validate(o => o.RankedMatches is >= SearchOptions.Min and <= SearchOptions.Max,
                $"{SearchOptions.Section}:RankedMatches must be between {SearchOptions.Min} and {SearchOptions.Max}.")
            .ValidateOnStart();
        return services;
    }
}
