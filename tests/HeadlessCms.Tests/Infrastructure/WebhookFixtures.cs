using HeadlessCms.Api.Common.Background;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HeadlessCms.Tests.Infrastructure;

/// <summary>
/// The API with a receiver on 127.0.0.1 beside it, http and private addresses allowed (the receiver is loopback), a fake
/// clock, and the hosted worker off: tests run the dispatcher themselves (<see cref="Dispatch"/>). The clock moves little
/// in these suites: the receiver verifies timestamps against the real clock (5 minutes' tolerance).
/// </summary>
public interface IWebhookFixture
{
    CmsApiFixture Api { get; }

    FakeTimeProvider Clock { get; }

    WebhookReceiver Receiver { get; }

    BackgroundWorker NewDispatcher() => ActivatorUtilities.CreateInstance<BackgroundWorker>(Api.Factory.Services);

    /// <summary>Runs what is due (deliveries, scheduled publishes) until nothing is left, as one instance's worker would.</summary>
    Task<int> Dispatch() => NewDispatcher().RunDueAsync(CancellationToken.None);
}

internal static class WebhookSetup
{
    /// <summary>Short enough that a test can outlive a rotation without the clock leaving the receiver's tolerance.</summary>
    public const double RotationHours = 0.02;

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>(CommentSetup.Settings)
    {
        ["Cms:Background:Enabled"] = "false",
        ["Cms:Webhooks:AllowHttp"] = "true",
        ["Cms:Webhooks:AllowPrivateNetworks"] = "true",
        ["Cms:Webhooks:RotationHours"] = RotationHours.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A short retry schedule (3 attempts: now, +5 s, +30 s), disabling after 3 failed events over an hour, a day of log.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Retries = new Dictionary<string, string?>(Settings)
    {
        ["Cms:Webhooks:Backoff:0"] = "00:00:05",
        ["Cms:Webhooks:Backoff:1"] = "00:00:30",
        ["Cms:Webhooks:DisableAfterFailures"] = "3",
        ["Cms:Webhooks:DisableAfterHours"] = "1",
        ["Cms:Webhooks:LogRetentionDays"] = "1",
    };
}

public class WebhookSqliteFixture : SqliteFixture, IWebhookFixture
{
    public CmsApiFixture Api => this;

    public FakeTimeProvider Clock { get; } = EditorialSetup.NewClock();

    public WebhookReceiver Receiver { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => WebhookSetup.Settings;

    protected override void ConfigureServices(IServiceCollection services) => EditorialSetup.UseClock(services, Clock);

    public override async ValueTask InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

public class WebhookPostgresFixture : PostgresFixture, IWebhookFixture
{
    public CmsApiFixture Api => this;

    public FakeTimeProvider Clock { get; } = EditorialSetup.NewClock();

    public WebhookReceiver Receiver { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => WebhookSetup.Settings;

    protected override void ConfigureServices(IServiceCollection services) => EditorialSetup.UseClock(services, Clock);

    public override async ValueTask InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    public WebhookPostgresFixture OrSkipWebhooks()
    {
        OrSkip();
        return this;
    }
}

public sealed class WebhookRetrySqliteFixture : WebhookSqliteFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => WebhookSetup.Retries;
}

public sealed class WebhookRetryPostgresFixture : WebhookPostgresFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => WebhookSetup.Retries;
}
