using HeadlessCms.Api.Features.Newsletter;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HeadlessCms.Tests.Infrastructure;

/// <summary>
/// The API with a real SMTP server beside it (<see cref="SmtpInbox"/>), a fake clock, a public base URL for the links
/// in emails, a known token secret, and a small per-domain cap (tests use a domain of their own, so caps never collide).
/// </summary>
public interface INewsletterFixture
{
    CmsApiFixture Api { get; }

    FakeTimeProvider Clock { get; }

    SmtpInbox Inbox { get; }

    NewsletterTokens Tokens => Api.Service<NewsletterTokens>();
}

internal static class NewsletterSetup
{
    public const string BaseUrl = "https://news.example/cms";
    public const int DomainCap = 3;

    public static Dictionary<string, string?> Settings(int smtpPort) => new(CommentSetup.Settings)
    {
        ["Cms:PublicBaseUrl"] = BaseUrl,
        ["Cms:Scheduler:Enabled"] = "false",
        ["Cms:Smtp:Host"] = "127.0.0.1",
        ["Cms:Smtp:Port"] = smtpPort.ToString(),
        ["Cms:Smtp:UseTls"] = "false",
        ["Cms:Smtp:From"] = "The Daily Ore <newsletter@news.example>",
        ["Cms:Newsletter:TokenSecret"] = "test-newsletter-token-secret",
        ["Cms:Newsletter:Title"] = "The Daily Ore",
        ["Cms:Newsletter:ConfirmationsPerDomainPerHour"] = DomainCap.ToString(),
        ["Cms:Newsletter:BlockedDomains:0"] = "throwaway.example",
    };
}

public sealed class NewsletterSqliteFixture : SqliteFixture, INewsletterFixture
{
    public CmsApiFixture Api => this;

    public FakeTimeProvider Clock { get; } = EditorialSetup.NewClock();

    public SmtpInbox Inbox { get; } = SmtpInbox.Start();

    protected override IReadOnlyDictionary<string, string?> Settings => NewsletterSetup.Settings(Inbox.Port);

    protected override void ConfigureServices(IServiceCollection services) => EditorialSetup.UseClock(services, Clock);

    protected override async ValueTask DropDatabaseAsync()
    {
        await base.DropDatabaseAsync();
        await Inbox.DisposeAsync();
    }
}

public sealed class NewsletterPostgresFixture : PostgresFixture, INewsletterFixture
{
    public CmsApiFixture Api => this;

    public FakeTimeProvider Clock { get; } = EditorialSetup.NewClock();

    public SmtpInbox Inbox { get; } = SmtpInbox.Start();

    protected override IReadOnlyDictionary<string, string?> Settings => NewsletterSetup.Settings(Inbox.Port);

    protected override void ConfigureServices(IServiceCollection services) => EditorialSetup.UseClock(services, Clock);

    protected override async ValueTask DropDatabaseAsync()
    {
        await base.DropDatabaseAsync();
        await Inbox.DisposeAsync();
    }

    public NewsletterPostgresFixture OrSkipNewsletter()
    {
        OrSkip();
        return this;
    }
}
