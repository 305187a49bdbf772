using System.Text.Json;
using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessCms.Api.Common.Background;

/*
 * Background work has one shape here (schedules, webhooks, email):
 *
 *   1. Register a handler for a job kind, once, at start:
 *        services.AddBackgroundJob<SendEmail>("email.send", o => o.MaxAttempts = 5);
 *      SendEmail implements IBackgroundJobHandler; it is resolved in a fresh DI scope for each run.
 *   2. Enqueue in the same unit of work as the change that causes it (the transactional outbox):
 *        db.Enqueue("email.send", new EmailPayload(...), clock, dueAt: null, lane: null);
 *        await db.SaveChangesAsync(ct);   // the job commits, or rolls back, with the change
 *      Once the job has committed the DbContext wakes this instance's worker; other instances find it when they poll.
 *   3. The handler reads job.PayloadAs<T>() and returns JobResult.Done, JobResult.Retry(error, after) or
 *      JobResult.Fail(error); an exception counts as a retry. Retries wait the kind's backoff (plus jitter) on
 *      TimeProvider, honouring a longer `after`, up to MaxAttempts; then the job is recorded as failed.
 *
 * Claims: a worker takes one due job at a time with a lease (PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED, then a
 * conditional UPDATE; SQLite: the conditional UPDATE alone, its single writer makes it atomic). A job whose lease runs
 * out (its worker died) is claimed again, so a job runs at least once and, while leases outlast handlers, by one
 * worker at a time: handlers must be idempotent (webhooks send a stable id). Jobs that share a lane run one at a time,
 * in order of due time (one webhook subscription's deliveries); a unique index keeps two leases out of one lane.
 */

public enum BackgroundJobStatus
{
    Pending,
    Done,
    Failed,
}

/// <summary>One unit of background work: written with the change that causes it, claimed with a lease, recorded when done.</summary>
public sealed class BackgroundJob
{
    public Guid Id { get; set; }
    public required string Kind { get; set; }

    /// <summary>The handler's input as JSON.</summary>
    public required string Payload { get; set; }

    /// <summary>Jobs with the same lane run one at a time in due order; null runs freely.</summary>
    public string? Lane { get; set; }

    public BackgroundJobStatus Status { get; set; }

    /// <summary>When the job may run (next): creation, a schedule, or the end of a backoff.</summary>
    public DateTime DueAt { get; set; }

    /// <summary>Claims so far, counting the one running now.</summary>
    public int Attempts { get; set; }

    public string? LockedBy { get; set; }

    /// <summary>Set while a worker holds the job; another worker may take it over once this has passed.</summary>
    public DateTime? LockedUntil { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public string? LastError { get; set; }

    public T PayloadAs<T>() => JsonSerializer.Deserialize<T>(Payload, PayloadJson)
        ?? throw new InvalidOperationException($"Job {Id} ({Kind}) has an empty payload.");

    internal static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);
}

/// <summary>What a handler made of one run.</summary>
public sealed record JobResult(JobResult.Outcome Kind, string? Error = null, TimeSpan? After = null)
{
    public enum Outcome
    {
        Done,
        Retry,
        Fail,
    }

    public static readonly JobResult Done = new(Outcome.Done);

    /// <summary>Try again after the backoff, or after <paramref name="after"/> when that is longer (a Retry-After).</summary>
    public static JobResult Retry(string error, TimeSpan? after = null) => new(Outcome.Retry, error, after);

    /// <summary>Give up now: retrying cannot help (the target is gone, the input is invalid).</summary>
    public static JobResult Fail(string error) => new(Outcome.Fail, error);
}

public interface IBackgroundJobHandler
{
    /// <summary>Runs one claimed job. <paramref name="job"/>.Attempts is 1 on the first run.</summary>
    Task<JobResult> RunAsync(BackgroundJob job, JobKindOptions options, CancellationToken ct);
}

/// <summary>How one kind of job is retried and leased.</summary>
public sealed class JobKindOptions
{
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the 1st, 2nd, ... failure; the last one repeats.</summary>
    public TimeSpan[] Backoff { get; set; } =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10),
        TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(24),
    ];

    /// <summary>Up to this fraction is added to each wait, so failed jobs do not come back in lockstep.</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>How long a claim holds; must outlast the handler, or another worker may run the job too.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan BackoffFor(int attempt, TimeSpan? atLeast, Random random)
    {
        var wait = Backoff.Length == 0 ? TimeSpan.Zero : Backoff[Math.Clamp(attempt - 1, 0, Backoff.Length - 1)];
        wait += wait * (Jitter * random.NextDouble());
        return atLeast is { } floor && floor > wait ? floor : wait;
    }
}

/// <summary>The instance-wide settings (Cms:Background).</summary>
public sealed class BackgroundOptions
{
    public const string Section = "Cms:Background";

    /// <summary>Run a worker on this instance (false: this instance only enqueues; others deliver).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often to look for jobs enqueued by other instances.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Jobs run at once by one worker.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>How long done and failed jobs are kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}

public static class BackgroundJobs
{
    /// <summary>
    /// Adds a job to the unit of work: it is saved, and so committed, with whatever else the caller saves next.
    /// <paramref name="lane"/> serialises jobs that must not overlap (see the comment at the top of this file).
    /// </summary>
    public static BackgroundJob Enqueue<T>(this CmsDbContext db, string kind, T payload, TimeProvider clock, DateTime? dueAt = null, string? lane = null)
    {
        var now = clock.GetUtcNow();
        var job = new BackgroundJob
        {
            Id = Guid.CreateVersion7(now),
            Kind = kind,
            Payload = JsonSerializer.Serialize(payload, BackgroundJob.PayloadJson),
            Lane = lane,
            Status = BackgroundJobStatus.Pending,
            DueAt = dueAt ?? now.UtcDateTime,
            CreatedAt = lane is null ? now.UtcDateTime : LaneOrder.Next(clock, now.UtcDateTime),
        };
        db.BackgroundJobs.Add(job);
        return job;
    }

    /// <summary>Registers the handler of one job kind (and, once, the worker and its services).</summary>
    public static IServiceCollection AddBackgroundJob<THandler>(this IServiceCollection services, string kind, Action<JobKindOptions>? configure = null)
        where THandler : class, IBackgroundJobHandler
    {
        services.AddBackgroundJobs();
        services.AddScoped<THandler>();
        var options = new JobKindOptions();
        configure?.Invoke(options);
        services.AddSingleton(new JobKindRegistration(kind, typeof(THandler), options));
        return services;
    }

    /// <summary>The worker and its plumbing; AddBackgroundJob calls it, Program.cs need not.</summary>
    public static IServiceCollection AddBackgroundJobs(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(BackgroundSignal)))
        {
            return services;
        }

        services.AddOptions<BackgroundOptions>().BindConfiguration(BackgroundOptions.Section);
        services.AddSingleton<BackgroundSignal>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<BackgroundWorker>();
        services.AddHostedService<BackgroundWorkerHost>();
        return services;
    }

    internal static void Configure(EntityTypeBuilder<BackgroundJob> e)
    {
        e.Property(j => j.Kind).HasMaxLength(60);
        e.Property(j => j.Lane).HasMaxLength(100);
        e.Property(j => j.LockedBy).HasMaxLength(100);
        e.Property(j => j.LastError).HasMaxLength(1000);
        e.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
        e.HasIndex(j => new { j.Status, j.DueAt });

        // At most one lease per lane, whatever two workers believe: the second claim fails on this index.
        e.HasIndex(j => j.Lane).IsUnique().HasFilter("\"LockedUntil\" IS NOT NULL").HasDatabaseName("IX_BackgroundJobs_LeasedLane");
        e.HasIndex(j => new { j.Lane, j.Status, j.DueAt });
    }
}

/// <summary>
/// Lane jobs run in CreatedAt order, and a version-7 id orders only to the millisecond: two jobs written in the same
/// instant (one request, or a clock that does not move) get CreatedAt values a microsecond apart (what PostgreSQL
/// keeps), so they run in the order this instance wrote them. Kept per clock, so a test's fake clock stays its own.
/// </summary>
internal static class LaneOrder
{
    private static readonly TimeSpan Step = TimeSpan.FromMicroseconds(1);
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TimeProvider, StrongBox> Last = new();

    public static DateTime Next(TimeProvider clock, DateTime now)
    {
        var last = Last.GetValue(clock, _ => new StrongBox());
        lock (last)
        {
            var truncated = new DateTime(now.Ticks - now.Ticks % Step.Ticks, DateTimeKind.Utc);
            last.Value = truncated > last.Value ? truncated : last.Value + Step;
            return last.Value;
        }
    }

    private sealed class StrongBox
    {
        public DateTime Value;
    }
}

/// <summary>One registered kind: its handler type and options.</summary>
public sealed record JobKindRegistration(string Kind, Type Handler, JobKindOptions Options);

/// <summary>Wakes the worker of this instance when a job has been committed, so it need not wait for its next poll.</summary>
public sealed class BackgroundSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Wake()
    {
        try
        {
            if (signal.CurrentCount == 0)
            {
                signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up is enough.
        }
    }

    public Task WaitAsync(CancellationToken ct) => signal.WaitAsync(ct);
}
