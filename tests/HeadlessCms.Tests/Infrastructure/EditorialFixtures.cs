using HeadlessCms.Api.Common.Background;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HeadlessCms.Tests.Infrastructure;

/// <summary>
/// The product defaults for editors (If-Match required on articles) and a fake clock. The background worker is
/// off: tests start their own instances so they can watch them, and so "a restart" is something a test can do.
/// </summary>
public interface IEditorialFixture
{
    CmsApiFixture Api { get; }

    FakeTimeProvider Clock { get; }

    /// <summary>A background worker like the one the API hosts (it runs scheduled publishing), on the same services and clock.</summary>
    BackgroundWorker NewWorker() => ActivatorUtilities.CreateInstance<BackgroundWorker>(Api.Factory.Services);
}

internal static class EditorialSetup
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Cms:Background:Enabled"] = "false",
    };

    public static FakeTimeProvider NewClock() =>
        new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    public static void UseClock(IServiceCollection services, FakeTimeProvider clock) => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
}

public sealed class EditorialSqliteFixture : SqliteFixture, IEditorialFixture
{
    public CmsApiFixture Api => this;

    public FakeTimeProvider Clock { get; } = EditorialSetup.NewClock();

    protected override IReadOnlyDictionary<string, string?> Settings => EditorialSetup.Settings;

    protected override void ConfigureServices(IServiceCollection services) => EditorialSetup.UseClock(services, Clock);
}

public sealed class EditorialPostgresFixture : PostgresFixture, IEditorialFixture
{
    public CmsApiFixture Api => this;

    public FakeTimeProvider Clock { get; } = EditorialSetup.NewClock();

    protected override IReadOnlyDictionary<string, string?> Settings => EditorialSetup.Settings;

    protected override void ConfigureServices(IServiceCollection services) => EditorialSetup.UseClock(services, Clock);

    public EditorialPostgresFixture OrSkipEditorial()
    {
        OrSkip();
        return this;
    }
}
