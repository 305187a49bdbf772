using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Feeds;

/// <summary>Cms:Feeds: what the RSS, Atom and JSON feeds carry.</summary>
public sealed class FeedOptions
{
    public const string Section = "Cms:Feeds";

    /// <summary>The newest published articles a feed lists.</summary>
    public int Items { get; set; } = 50;

    /// <summary>Full content (highlights and body HTML) in each item; false: the excerpt only.</summary>
    public bool FullContent { get; set; } = true;
}

/// <summary>Cms:Site: the publication as feeds (and syndication formats) name it.</summary>
public sealed class SiteOptions
{
    public const string Section = "Cms:Site";

    public string Title { get; set; } = "HeadlessCms News";

    public string Description { get; set; } = "The latest articles.";

    /// <summary>The publication's home page: an absolute URL, or a path on Cms:PublicBaseUrl.</summary>
    public string Link { get; set; } = "/";

    /// <summary>Where an item links its article: a path on Cms:PublicBaseUrl or a front end's URL, with {slug} and {id}.</summary>
    public string ArticleLink { get; set; } = "/api/v1/articles/{slug}";

    /// <summary>The content's language (BCP 47).</summary>
    public string Language { get; set; } = "en";
}

public static class FeedSetup
{
    public const int MaxItems = 500;

    public static IServiceCollection AddFeeds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedOptions>().Bind(configuration.GetSection(FeedOptions.Section))
            .Validate(o => o.Items is >= 1 and <= MaxItems, $"{FeedOptions.Section}:Items must be between 1 and {MaxItems}.")
            .ValidateOnStart();
        services.AddOptions<SiteOptions>().Bind(configuration.GetSection(SiteOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Title), $"{SiteOptions.Section}:Title must not be empty.")
            .Validate(o => o.Link.StartsWith('/') || Uri.TryCreate(o.Link, UriKind.Absolute, out _),
                $"{SiteOptions.Section}:Link must be a path (/) or an absolute URL.")
            .Validate(o => o.ArticleLink.StartsWith('/') || Uri.TryCreate(o.ArticleLink.Replace("{slug}", "s").Replace("{id}", "i"), UriKind.Absolute, out _),
                $"{SiteOptions.Section}:ArticleLink must be a path or an absolute URL with {{slug}} or {{id}}.")
            .ValidateOnStart();
        services.AddSingleton<FeedWriter>();
        services.AddSingleton<Syndication.NinjsMapper>();
        return services;
    }
}
