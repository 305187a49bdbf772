using HeadlessCms.Api.Common.Background;
using HeadlessCms.Api.Data;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Tests.Common;

/// <summary>The one background-work mechanism: outbox rows, leases, backoff on a fake clock, lanes. Both engines.</summary>
public abstract class BackgroundJobTests(IBackgroundFixture fx)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<List<Guid>> EnqueueAsync(string batch, int count, string outcome = "done", string? lane = null, int retryAfterSeconds = 0)
    {
        await using var db = fx.Api.NewDbContext();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(db.Enqueue(TestJobHandler.Kind, new TestJob(batch, outcome, retryAfterSeconds), fx.Clock, lane: lane).Id);
        }

        await db.SaveChangesAsync(Ct);
        return ids;
    }

    private async Task<BackgroundJob> LoadAsync(Guid id)
    {
        await using var db = fx.Api.NewDbContext();
        return await db.BackgroundJobs.AsNoTracking().SingleAsync(j => j.Id == id, Ct);
    }

    [Fact]
    public async Task Two_workers_racing_for_the_same_jobs_run_each_exactly_once()
    {
        var batch = Infrastructure.Api.Unique("race");
        var ids = await EnqueueAsync(batch, 40);

        var first = fx.NewWorker();
        var second = fx.NewWorker();
        var ran = await Task.WhenAll(first.RunDueAsync(Ct), second.RunDueAsync(Ct));

        var runs = fx.Log.Of(batch);
        Assert.Equal(ids.Order(), runs.Select(r => r.JobId).Order());
        Assert.Equal(40, ran.Sum());
        foreach (var id in ids)
        {
            var job = await LoadAsync(id);
            Assert.Equal(BackgroundJobStatus.Done, job.Status);
            Assert.Equal(1, job.Attempts);
            Assert.Null(job.LockedUntil);
        }
    }

    [Fact]
    public async Task A_lease_held_by_a_dead_worker_is_taken_over_once_it_expires_and_its_late_result_is_ignored()
    {
        var batch = Infrastructure.Api.Unique("lease");
        var id = (await EnqueueAsync(batch, 1)).Single();

        // The first worker claims the job and "dies": it never reports back.
        var dead = fx.NewWorker();
        var held = await dead.ClaimAsync(Ct);
        Assert.Equal(id, held?.Id);

        var other = fx.NewWorker();
        Assert.Null(await other.ClaimAsync(Ct));
        fx.Clock.Advance(BackgroundSetup.TestKind.Lease - TimeSpan.FromSeconds(1));
        Assert.Null(await other.ClaimAsync(Ct));

        fx.Clock.Advance(TimeSpan.FromSeconds(2));
        var taken = await other.ClaimAsync(Ct);
        Assert.Equal(id, taken?.Id);
        Assert.Equal(2, taken!.Attempts);
        Assert.Equal(other.Name, taken.LockedBy);

        // The first worker was only slow after all: what it reports now is not recorded, the new holder's is.
        Assert.Null(await dead.RunClaimedAsync(held!, Ct));
        Assert.Equal(BackgroundJobStatus.Done, await other.RunClaimedAsync(taken, Ct));
        var job = await LoadAsync(id);
        Assert.Equal(BackgroundJobStatus.Done, job.Status);
        Assert.Equal(other.Name, job.LockedBy);
    }

    [Fact]
    public async Task A_failing_job_backs_off_on_the_clock_then_is_recorded_as_failed()
    {
        var batch = Infrastructure.Api.Unique("backoff");
        var id = (await EnqueueAsync(batch, 1, "retry")).Single();
        var worker = fx.NewWorker();

        var before = fx.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(1, await worker.RunDueAsync(Ct));
        var job = await LoadAsync(id);
        Assert.Equal(BackgroundJobStatus.Pending, job.Status);
        Assert.Equal("the receiver said no", job.LastError);
        Assert.InRange(job.DueAt, before.AddSeconds(5), fx.Clock.GetUtcNow().UtcDateTime.AddSeconds(6));

        // Not yet due: nothing runs, however often the worker looks.
        Assert.Equal(0, await worker.RunDueAsync(Ct));
        fx.Clock.Advance(job.DueAt - fx.Clock.GetUtcNow().UtcDateTime - TimeSpan.FromMilliseconds(100));
        Assert.Equal(0, await worker.RunDueAsync(Ct));

        fx.Clock.Advance(TimeSpan.FromMilliseconds(200));
        before = fx.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(1, await worker.RunDueAsync(Ct));
        job = await LoadAsync(id);
        Assert.Equal(2, job.Attempts);
        Assert.InRange(job.DueAt, before.AddSeconds(30), fx.Clock.GetUtcNow().UtcDateTime.AddSeconds(36));

        fx.Clock.Advance(TimeSpan.FromSeconds(37));
        Assert.Equal(1, await worker.RunDueAsync(Ct));
        job = await LoadAsync(id);
        Assert.Equal(BackgroundJobStatus.Failed, job.Status);
        Assert.Equal(3, job.Attempts);
        Assert.NotNull(job.CompletedAt);

        fx.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await worker.RunDueAsync(Ct));
        Assert.Equal([1, 2, 3], fx.Log.Of(batch).Select(r => r.Attempt));
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_backoff_is_honoured_a_fail_is_final_and_an_exception_is_retried()
    {
        var later = (await EnqueueAsync(Infrastructure.Api.Unique("later"), 1, "retry", retryAfterSeconds: 600)).Single();
        var gone = (await EnqueueAsync(Infrastructure.Api.Unique("gone"), 1, "fail")).Single();
        var threw = (await EnqueueAsync(Infrastructure.Api.Unique("threw"), 1, "throw")).Single();
        var start = fx.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(3, await fx.NewWorker().RunDueAsync(Ct));

        var job = await LoadAsync(later);
        Assert.Equal(BackgroundJobStatus.Pending, job.Status);
        Assert.True(job.DueAt >= start.AddSeconds(600), $"due at {job.DueAt:o}, expected 600 s after {start:o}");

        job = await LoadAsync(gone);
        Assert.Equal(BackgroundJobStatus.Failed, job.Status);
        Assert.Equal(1, job.Attempts);
        Assert.Equal("gone for good", job.LastError);

        job = await LoadAsync(threw);
        Assert.Equal(BackgroundJobStatus.Pending, job.Status);
        Assert.StartsWith("InvalidOperationException: the handler threw", job.LastError);

        // Leave nothing due behind for the other tests of this fixture.
        await using var db = fx.Api.NewDbContext();
        await db.BackgroundJobs.Where(j => j.Id == later || j.Id == threw)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, BackgroundJobStatus.Failed), Ct);
    }

    [Fact]
    public async Task Jobs_in_one_lane_run_one_at_a_time_in_order_while_other_lanes_go_on()
    {
        var batch = Infrastructure.Api.Unique("lane");
        var lane = Infrastructure.Api.Unique("lane");
        var inLane = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            inLane.AddRange(await EnqueueAsync(batch, 1, lane: lane));
            fx.Clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        var free = (await EnqueueAsync(batch, 1)).Single();
        var a = fx.NewWorker();
        var b = fx.NewWorker();
        var first = await a.ClaimAsync(Ct);
        Assert.Equal(inLane[0], first?.Id);

        // The lane is busy: b gets the job outside it, then nothing.
        Assert.Equal(free, (await b.ClaimAsync(Ct))?.Id);
        Assert.Null(await b.ClaimAsync(Ct));

        await a.RunClaimedAsync(first!, Ct);
        var second = await b.ClaimAsync(Ct);
        Assert.Equal(inLane[1], second?.Id);
        Assert.Null(await a.ClaimAsync(Ct));
        await b.RunClaimedAsync(second!, Ct);
        Assert.Equal(1, await a.RunDueAsync(Ct));
        Assert.Equal(BackgroundJobStatus.Done, (await LoadAsync(inLane[2])).Status);

        var free2 = await LoadAsync(free);
        Assert.Equal(BackgroundJobStatus.Pending, free2.Status);
        await using var db = fx.Api.NewDbContext();
        await db.BackgroundJobs.Where(j => j.Id == free).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, BackgroundJobStatus.Done).SetProperty(j => j.LockedUntil, (DateTime?)null), Ct);
    }

    [Fact]
    public async Task A_lane_head_waiting_out_its_retry_backoff_holds_back_the_jobs_behind_it_until_it_succeeds_or_fails_for_good()
    {
        var batch = Infrastructure.Api.Unique("held");
        var failing = Infrastructure.Api.Unique("lane");
        var recovering = Infrastructure.Api.Unique("lane");

        // Written in one instant, as one request would: the lane order must not depend on the clock moving.
        var failingHead = (await EnqueueAsync(batch, 1, "retry", lane: failing)).Single();
        var failingRest = await EnqueueAsync(batch, 2, lane: failing);
        var recoveringHead = (await EnqueueAsync(batch, 1, "retry", lane: recovering)).Single();
        var recoveringRest = await EnqueueAsync(batch, 2, lane: recovering);
        var worker = fx.NewWorker();

        Assert.Equal(2, await worker.RunDueAsync(Ct));
        Assert.Equal([failingHead, recoveringHead], fx.Log.Of(batch).Select(r => r.JobId).Order());

        // Both heads wait out their backoff; the jobs behind them are due but must not overtake them.
        Assert.Equal(0, await worker.RunDueAsync(Ct));
        Assert.Null(await fx.NewWorker().ClaimAsync(Ct));

        // The second lane's receiver recovers: its head succeeds on the next attempt, then the rest follow in order.
        await using (var db = fx.Api.NewDbContext())
        {
            await db.BackgroundJobs.Where(j => j.Id == recoveringHead).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Payload, System.Text.Json.JsonSerializer.Serialize(new TestJob(batch), BackgroundJob.PayloadJson)), Ct);
        }

        fx.Clock.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(4, await worker.RunDueAsync(Ct));
        var order = fx.Log.Of(batch).Select(r => r.JobId).ToList();
        Assert.Equal([recoveringHead, .. recoveringRest], order.Where(id => id == recoveringHead || recoveringRest.Contains(id)).Skip(1));
        Assert.All(failingRest, id => Assert.DoesNotContain(id, order));
        Assert.Equal(BackgroundJobStatus.Pending, (await LoadAsync(failingHead)).Status);

        // The first lane's head fails for good on its third attempt; only then do the jobs behind it run, in order.
        fx.Clock.Advance(TimeSpan.FromSeconds(37));
        Assert.Equal(3, await worker.RunDueAsync(Ct));
        Assert.Equal(BackgroundJobStatus.Failed, (await LoadAsync(failingHead)).Status);
        order = fx.Log.Of(batch).Select(r => r.JobId).ToList();
        Assert.Equal(failingRest, order.Where(failingRest.Contains));
        Assert.True(order.LastIndexOf(failingHead) < order.IndexOf(failingRest[0]));
        foreach (var id in failingRest.Concat(recoveringRest))
        {
            Assert.Equal(BackgroundJobStatus.Done, (await LoadAsync(id)).Status);
        }
    }

    [Fact]
    public async Task A_job_enqueued_in_a_transaction_that_rolls_back_never_exists()
    {
        var batch = Infrastructure.Api.Unique("rollback");
        await using (var db = fx.Api.NewDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            db.Enqueue(TestJobHandler.Kind, new TestJob(batch), fx.Clock);
            await db.SaveChangesAsync(Ct);
            await transaction.RollbackAsync(Ct);
        }

        Assert.Equal(0, await fx.NewWorker().RunDueAsync(Ct));
        Assert.Empty(fx.Log.Of(batch));
    }

    [Fact]
    public async Task A_job_that_finishes_while_its_worker_is_stopping_is_recorded_and_never_runs_again()
    {
        var batch = Infrastructure.Api.Unique("stopping");
        var gate = fx.Log.Gate(batch);
        var worker = fx.NewWorker();
        var first = worker.NextCycle;
        await worker.StartAsync(Ct);
        await first.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var id = (await EnqueueAsync(batch, 1, "block")).Single();
        await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        // Shutdown begins (the worker's token is cancelled) while the job is still at work; then the work completes.
        var stopping = worker.StopAsync(CancellationToken.None);
        gate.Release.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var job = await LoadAsync(id);
        Assert.Equal(BackgroundJobStatus.Done, job.Status);
        Assert.Equal(1, job.Attempts);
        Assert.Null(job.LockedUntil);

        // Had the result not been recorded, the job would run a second time once its lease ran out.
        fx.Clock.Advance(BackgroundSetup.TestKind.Lease + TimeSpan.FromSeconds(1));
        await fx.NewWorker().RunDueAsync(Ct);
        Assert.Single(fx.Log.Of(batch));
    }

    [Fact]
    public async Task A_running_worker_is_woken_by_a_committed_job_without_the_clock_moving()
    {
        var worker = fx.NewWorker();
        var first = worker.NextCycle;
        await worker.StartAsync(Ct);
        try
        {
            await first.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            var batch = Infrastructure.Api.Unique("wake");
            var id = (await EnqueueAsync(batch, 1)).Single();

            // The cycle running when the job committed may have missed it; the wake-up starts the one after it at once,
            // while the poll timer (5 s on a clock only the worker's own reads move) cannot have fired. Wait for the
            // job to be recorded as done, not just started: stopping the worker mid-job would leave it leased, and it
            // would run again in whichever test of this fixture next moves the clock past the lease.
            for (var cycles = 0; cycles < 3; cycles++)
            {
                var next = worker.NextCycle;
                if ((await LoadAsync(id)).Status == BackgroundJobStatus.Done)
                {
                    break;
                }

                await next.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            }

            Assert.Equal(BackgroundJobStatus.Done, (await LoadAsync(id)).Status);
            Assert.Equal(id, fx.Log.Of(batch).Single().JobId);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }
}

public sealed class BackgroundJobTestsOnSqlite(BackgroundSqliteFixture fx) : BackgroundJobTests(fx), IClassFixture<BackgroundSqliteFixture>;

public sealed class BackgroundJobTestsOnPostgres(BackgroundPostgresFixture fx) : BackgroundJobTests(fx.OrSkipBackground()), IClassFixture<BackgroundPostgresFixture>;
