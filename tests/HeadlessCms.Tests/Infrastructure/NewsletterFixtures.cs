using HeadlessCms.Api.Common.Background;
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

    /// <summary>
    /// Runs the background jobs that are due, as the API's worker would (the hosted one is off so tests decide when):
    /// confirmation emails, digest fan-outs and digest emails go out over SMTP before this returns.
    /// </summary>
    async Task<int> Deliver() => await ActivatorUtilities.CreateInstance<BackgroundWorker>(Api.Factory.Services).RunDueAsync(CancellationToken.None);
}

internal static class NewsletterSetup
{
    public const string BaseUrl = "https://news.example/cms";
    public const int DomainCap = 3;

    public static Dictionary<string, string?> Settings(int smtpPort) => new(CommentSetup.Settings)
    {
        ["Cms:PublicBaseUrl"] = BaseUrl,
        ["Cms:Background:Enabled"] = "false",
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
        await Inbox.DisposeAsync();
        await base.DropDatabaseAsync();
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
        await Inbox.DisposeAsync();
        await base.DropDatabaseAsync();
    }

    public NewsletterPostgresFixture OrSkipNewsletter()
    {
        OrSkip();
        return this;
    }
}

/// <summary>The newsletter with its SMTP server down: the port is reserved but nothing listens until a test starts an inbox on it.</summary>
public interface ISmtpDownFixture : INewsletterFixture
{
    int SmtpPort { get; }
}

public sealed class SmtpDownSqliteFixture : SqliteFixture, ISmtpDownFixture
{
    public CmsApiFixture Api => this;

    public FakeTimeProvider Clock { get; } = EditorialSetup.NewClock();

    public int SmtpPort { get; } = SmtpInbox.ReservePort();

    public SmtpInbox Inbox => throw new InvalidOperationException("The SMTP server of this fixture is down; start one on SmtpPort.");

    protected override IReadOnlyDictionary<string, string?> Settings => NewsletterSetup.Settings(SmtpPort);

    protected override void ConfigureServices(IServiceCollection services) => EditorialSetup.UseClock(services, Clock);
}

public sealed class SmtpDownPostgresFixture : PostgresFixture, ISmtpDownFixture
{
    public CmsApiFixture Api => this;

    public FakeTimeProvider Clock { get; } = EditorialSetup.NewClock();

    public int SmtpPort { get; } = SmtpInbox.ReservePort();

    public SmtpInbox Inbox => throw new InvalidOperationException("The SMTP server of this fixture is down; start one on SmtpPort.");

    protected override IReadOnlyDictionary<string, string?> Settings => NewsletterSetup.Settings(SmtpPort);

    protected override void ConfigureServices(IServiceCollection services) => EditorialSetup.UseClock(services, Clock);

    public SmtpDownPostgresFixture OrSkipSmtpDown()
    {
        OrSkip();
        return this;
    }
}
