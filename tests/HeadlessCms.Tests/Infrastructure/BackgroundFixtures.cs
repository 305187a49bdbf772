using System.Collections.Concurrent;
using HeadlessCms.Api.Common.Background;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HeadlessCms.Tests.Infrastructure;

/// <summary>The payload of the test job kind: what the handler should answer.</summary>
public sealed record TestJob(string Batch, string Outcome = "done", int RetryAfterSeconds = 0);

/// <summary>Every run of a test job, as the handler saw it.</summary>
public sealed record TestJobRun(Guid JobId, string Batch, string Worker, int Attempt);

public sealed class TestJobLog
{
    public ConcurrentQueue<TestJobRun> Runs { get; } = new();

    public List<TestJobRun> Of(string batch) => Runs.Where(r => r.Batch == batch).ToList();

    private readonly ConcurrentDictionary<string, JobGate> gates = new();

    /// <summary>Where jobs of a batch with the outcome "block" say they started, then wait to be let go.</summary>
    public JobGate Gate(string batch) => gates.GetOrAdd(batch, _ => new JobGate());
}

public sealed class JobGate
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Records each run and answers as the payload says.</summary>
public sealed class TestJobHandler(TestJobLog log) : IBackgroundJobHandler
{
    public const string Kind = "test.job";

    public async Task<JobResult> RunAsync(BackgroundJob job, JobKindOptions options, CancellationToken ct)
    {
        var payload = job.PayloadAs<TestJob>();
        log.Runs.Enqueue(new TestJobRun(job.Id, payload.Batch, job.LockedBy!, job.Attempts));
        await Task.Yield();
        if (payload.Outcome == "block")
        {
            // Deaf to cancellation on purpose: work that is under way when its worker stops, and then finishes.
            var gate = log.Gate(payload.Batch);
            gate.Started.TrySetResult();
            await gate.Release.Task;
            return JobResult.Done;
        }

        return payload.Outcome switch
        {
            "retry" => JobResult.Retry("the receiver said no", payload.RetryAfterSeconds > 0 ? TimeSpan.FromSeconds(payload.RetryAfterSeconds) : null),
            "fail" => JobResult.Fail("gone for good"),
            "throw" => throw new InvalidOperationException("the handler threw"),
            _ => JobResult.Done,
        };
    }
}

/// <summary>A fake clock, the hosted worker off (tests start their own, as many "instances" as they need), and a test job kind.</summary>
public interface IBackgroundFixture
{
    CmsApiFixture Api { get; }

    FakeTimeProvider Clock { get; }

    TestJobLog Log => Api.Service<TestJobLog>();

    BackgroundWorker NewWorker() => ActivatorUtilities.CreateInstance<BackgroundWorker>(Api.Factory.Services);
}

internal static class BackgroundSetup
{
    public static readonly JobKindOptions TestKind = new()
    {
        MaxAttempts = 3,
        Backoff = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)],
        Jitter = 0.2,
        Lease = TimeSpan.FromMinutes(1),
    };

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Cms:RequireIfMatch"] = "false",
        ["Cms:Background:Enabled"] = "false",
    };

    public static void Configure(IServiceCollection services, FakeTimeProvider clock)
    {
        EditorialSetup.UseClock(services, clock);
        services.AddSingleton<TestJobLog>();
        services.AddBackgroundJob<TestJobHandler>(TestJobHandler.Kind, o =>
        {
            o.MaxAttempts = TestKind.MaxAttempts;
            o.Backoff = TestKind.Backoff;
            o.Jitter = TestKind.Jitter;
            o.Lease = TestKind.Lease;
        });
    }
}

public sealed class BackgroundSqliteFixture : SqliteFixture, IBackgroundFixture
{
    public CmsApiFixture Api => this;

    public FakeTimeProvider Clock { get; } = EditorialSetup.NewClock();

    protected override IReadOnlyDictionary<string, string?> Settings => BackgroundSetup.Settings;

    protected override void ConfigureServices(IServiceCollection services) => BackgroundSetup.Configure(services, Clock);
}

public sealed class BackgroundPostgresFixture : PostgresFixture, IBackgroundFixture
{
    public CmsApiFixture Api => this;

    public FakeTimeProvider Clock { get; } = EditorialSetup.NewClock();

    protected override IReadOnlyDictionary<string, string?> Settings => BackgroundSetup.Settings;

    protected override void ConfigureServices(IServiceCollection services) => BackgroundSetup.Configure(services, Clock);

    public BackgroundPostgresFixture OrSkipBackground()
    {
        OrSkip();
        return this;
    }
}
