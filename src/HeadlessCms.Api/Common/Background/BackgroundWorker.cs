using HeadlessCms.Api.Data;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Common.Background;

/// <summary>
/// Runs due jobs: woken by the signal (a job committed on this instance) or by its timer (the poll interval, or sooner
/// when a job comes due or a lease runs out). Time comes from TimeProvider, so tests drive it with FakeTimeProvider;
/// tests also create extra workers (ActivatorUtilities) to play other instances.
/// </summary>
public sealed class BackgroundWorker(
    IServiceScopeFactory scopes, JobQueue queue, BackgroundSignal signal, TimeProvider clock,
    IOptions<BackgroundOptions> options, ILogger<BackgroundWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);

    private TaskCompletionSource cycle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset lastPurge = DateTimeOffset.MinValue;

    /// <summary>Names the lease holder: unique per worker, readable in the table.</summary>
    public string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    public TimeSpan PollInterval => options.Value.PollInterval;

    /// <summary>
    /// Completes when the next full cycle (run what is due, then arm the timer and start waiting) has run: tests observe the
    /// loop without sleeping. Read it before StartAsync to observe the first cycle.
    /// </summary>
    public Task NextCycle => Volatile.Read(ref cycle).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                await RunDueAsync(stoppingToken);
                wait = await TimeUntilNextAsync(stoppingToken);
                await PurgeIfDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Running background jobs failed; trying again after the poll interval");
                wait = PollInterval;
            }

            using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var delay = Task.Delay(wait, clock, timer.Token);
            var woken = signal.WaitAsync(timer.Token);

            // The cycle ends once the timer is armed: a test that moves the clock after it may not move it first.
            Interlocked.Exchange(ref cycle, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            await Task.WhenAny(delay, woken);
            await timer.CancelAsync();
        }
    }

    /// <summary>Runs due jobs, several at once, until none is left that this worker may claim; returns how many ran.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var ran = 0;
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Concurrency)).Select(async _ =>
        {
            while (await RunOneAsync(ct))
            {
                Interlocked.Increment(ref ran);
            }
        }));
        return ran;
    }

    /// <summary>Claims and runs one job; false when there was none to claim.</summary>
    public async Task<bool> RunOneAsync(CancellationToken ct)
    {
        var job = await ClaimAsync(ct);
        if (job is null)
        {
            return false;
        }

        await RunClaimedAsync(job, ct);
        return true;
    }

    /// <summary>Claims one job without running it (tests use it to play a worker that dies holding a lease).</summary>
    public async Task<BackgroundJob?> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await queue.TryClaimAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(), Name, ct);
    }

    /// <summary>Runs a job this worker claimed and records the result; returns the status it ended in (null: the lease was lost).</summary>
    public async Task<BackgroundJobStatus?> RunClaimedAsync(BackgroundJob job, CancellationToken ct)
    {
        var registration = queue.Kinds[job.Kind];
        JobResult result;
        await using (var scope = scopes.CreateAsyncScope())
        {
            try
            {
                var handler = (IBackgroundJobHandler)scope.ServiceProvider.GetRequiredService(registration.Handler);
                result = await handler.RunAsync(job, registration.Options, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await using var release = scopes.CreateAsyncScope();
                await queue.ReleaseAsync(release.ServiceProvider.GetRequiredService<CmsDbContext>(), job, CancellationToken.None);
                throw;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Job {JobId} ({Kind}) failed on attempt {Attempt}", job.Id, job.Kind, job.Attempts);
                result = JobResult.Retry(e.GetType().Name + ": " + e.Message);
            }
        }

        // The work is done: record it even when the instance is stopping, or the job would run again once its lease
        // ran out (a webhook delivered twice, an email sent twice).
        await using var finish = scopes.CreateAsyncScope();
        return await queue.FinishAsync(finish.ServiceProvider.GetRequiredService<CmsDbContext>(), job, result, CancellationToken.None);
    }

    private async Task<TimeSpan> TimeUntilNextAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var next = await queue.NextWakeAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(), ct);
        if (next is null)
        {
            return PollInterval;
        }

        var wait = next.Value - clock.GetUtcNow().UtcDateTime;
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < PollInterval ? wait : PollInterval;
    }

    private async Task PurgeIfDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - lastPurge < PurgeEvery)
        {
            return;
        }

        lastPurge = now;
        await using var scope = scopes.CreateAsyncScope();
        await queue.PurgeAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(), options.Value.Retention, ct);
    }
}

/// <summary>Hosts this instance's worker unless Cms:Background:Enabled is false (then other instances run the jobs).</summary>
internal sealed class BackgroundWorkerHost(BackgroundWorker worker, IOptions<BackgroundOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.Enabled ? worker.StartAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        options.Value.Enabled ? worker.StopAsync(cancellationToken) : Task.CompletedTask;
}
