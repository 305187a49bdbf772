using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HeadlessCms.Tests.Infrastructure;

/// <summary>An API for syndication tests: absolute links, a site name that needs escaping, a small feed size, a clock the tests move.</summary>
public interface IFeedFixture
{
    CmsApiFixture Api { get; }

    FakeTimeProvider Clock { get; }
}

internal static class FeedSetup
{
    public const string BaseUrl = "https://api.example.test";
    public const string SiteTitle = "Mining & Minerals <Weekly> \"Daily\" 🚀 Ελληνικά";
    public const int Items = 4;

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Cms:RequireIfMatch"] = "false",
        ["Cms:Background:Enabled"] = "false",
        ["Cms:PublicBaseUrl"] = BaseUrl,
        ["Cms:Site:Title"] = SiteTitle,
        ["Cms:Site:Description"] = "News & analysis",
        ["Cms:Site:Link"] = "https://news.example.test/",
        ["Cms:Feeds:Items"] = Items.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class FeedSqliteFixture : SqliteFixture, IFeedFixture
{
    public CmsApiFixture Api => this;

    public FakeTimeProvider Clock { get; } = EditorialSetup.NewClock();

    protected override IReadOnlyDictionary<string, string?> Settings => FeedSetup.Settings;

    protected override void ConfigureServices(IServiceCollection services) => EditorialSetup.UseClock(services, Clock);
}

public sealed class FeedPostgresFixture : PostgresFixture, IFeedFixture
{
    public CmsApiFixture Api => this;

    public FakeTimeProvider Clock { get; } = EditorialSetup.NewClock();

    protected override IReadOnlyDictionary<string, string?> Settings => FeedSetup.Settings;

    protected override void ConfigureServices(IServiceCollection services) => EditorialSetup.UseClock(services, Clock);

    public FeedPostgresFixture OrSkipFeeds()
    {
        OrSkip();
        return this;
    }
}
